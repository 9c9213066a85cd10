package dev.mesa.worker;

import com.google.protobuf.Duration;
import io.temporal.api.testservice.v1.SleepRequest;
import io.temporal.serviceclient.TestServiceStubs;
import io.temporal.serviceclient.TestServiceStubsOptions;

/**
 * Moves the embedded dev server's clock forward (its test service's time skipping), so a test need not wait out a
 * two-minute heartbeat timeout in real time.
 */
final class ServerClock {
    private ServerClock() {}

    static void advance(String target, long seconds) {
        TestServiceStubs stubs = TestServiceStubs.newServiceStubs(TestServiceStubsOptions.newBuilder().setTarget(target)
                .build());
        try {
            stubs.blockingStub().unlockTimeSkippingWithSleep(SleepRequest.newBuilder()
                    .setDuration(Duration.newBuilder().setSeconds(seconds)).build());
        } finally {
            stubs.shutdown();
        }
    }
}
