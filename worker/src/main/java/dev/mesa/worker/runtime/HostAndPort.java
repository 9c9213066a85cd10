package dev.mesa.worker.runtime;

/** {@code host:port} as given on the command line ({@code 0.0.0.0:9464}, {@code 127.0.0.1:7233}, {@code :9464}). */
public record HostAndPort(String host, int port) {
    public static HostAndPort parse(String option, String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(option + " must be host:port, got '" + text + "'");
        }
        String host = colon == 0 ? "0.0.0.0" : text.substring(0, colon);
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostAndPort(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " has no valid port (0-65535): '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
