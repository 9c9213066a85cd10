package dev.mesa.worker.runtime;

import dev.mesa.training.TorchThreads;
import dev.mesa.workflows.activity.UnitWidth;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets every activity's PyTorch thread count on its own thread as it starts, from its request alone: a request the
 * workflow marked wide ({@link UnitWidth}) gets {@code wideThreads}, every other activity {@code threads}. The count
 * is set at each start because activity threads are pooled and keep what the previous activity set, and it is per
 * thread ({@link TorchThreads}), so a wide unit's count never changes a neighbour's. Which units run wide is decided
 * by the workflow, never by what else happens to be running, so results do not depend on timing.
 */
final class UnitThreadsInterceptor extends WorkerInterceptorBase {
    private static final Logger LOG = LoggerFactory.getLogger(UnitThreadsInterceptor.class);
    private final int threads;
    private final int wideThreads;

    UnitThreadsInterceptor(int threads, int wideThreads) {
        if (threads < 1 || wideThreads < 1) {
            throw new IllegalArgumentException("thread counts must be >= 1, got " + threads + " and " + wideThreads);
        }
        this.threads = threads;
        this.wideThreads = wideThreads;
    }

    /** The PyTorch threads of an activity called with {@code arguments}. */
    int threadsFor(Object[] arguments) {
        boolean wide = arguments.length > 0 && arguments[0] instanceof UnitWidth unit && unit.runsWide();
        return wide ? wideThreads : threads;
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            @Override
            public ActivityOutput execute(ActivityInput input) {
                int count = threadsFor(input.getArguments());
                TorchThreads.setOnThisThread(count);
                if (count != threads) { // the activity's context does not exist yet here: name the request
                    LOG.info("{} runs alone in its stage: on {} PyTorch threads",
                            input.getArguments()[0].getClass().getSimpleName(), count);
                }
                return super.execute(input);
            }
        };
    }
}
