package dev.mesa.worker.runtime;

/** No Temporal service answered at an address: nothing was sent there. */
public final class ServiceUnreachableException extends RuntimeException {
    public ServiceUnreachableException(String address, String reason) {
        super("cannot reach a Temporal service at " + address + " (" + reason + "): start one (mesa dev) or check"
                + " --address");
    }
}
