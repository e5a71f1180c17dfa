package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.dropout.DropoutKernels;
import org.lamina.opencl.activation.ActivationKernels;

/** {@link ClContext#prepare}: tasks that build programs, on several threads or, in strict mode, on the caller's. */
class PrepareTest {
    private static final ProgramSource SMALL = ProgramSource.of("prepare_test.cl",
            "__kernel void twice(__global float* x) { x[get_global_id(0)] *= SCALE; }");

    private static ClContext context(boolean strict) {
        return ClContext.create(OpenClTests.device(),
                ClContext.Options.defaults().cache(ProgramCache.disabled()).strict(strict));
    }

    @Test
    void theSameProgramAskedForOnSeveralThreadsIsBuiltOnceAndSharedByAll() {
        try (ClContext ctx = context(false)) {
            List<Program> seen = Collections.synchronizedList(new ArrayList<>());
            List<Runnable> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> seen.add(ctx.program(SMALL, java.util.Map.of("SCALE", 2))));
            }
            tasks.add(() -> new ActivationKernels(ctx));
            ctx.prepare(tasks);
            assertEquals(4, seen.size());
            assertEquals(1, Set.copyOf(seen.stream().map(System::identityHashCode).toList()).size(),
                    "one Program for the four requests");
            assertEquals(2, ctx.programs().size(), ctx.programs().stream().map(p -> p.source().stem()).toList().toString());
        }
    }

    @Test
    void inStrictModeEveryTaskRunsOnTheCallingThread() {
        try (ClContext ctx = context(true)) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            ctx.prepare(List.of(() -> threads.add(Thread.currentThread()), () -> {
                threads.add(Thread.currentThread());
                new DropoutKernels(ctx);
            }));
            assertEquals(Set.of(Thread.currentThread()), threads);
        }
    }

    @Test
    void aFailingTaskIsReportedAfterTheOthersHaveEnded() {
        try (ClContext ctx = context(false)) {
            Set<String> done = ConcurrentHashMap.newKeySet();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.prepare(List.of(
                    () -> {
                        throw new IllegalStateException("task one failed");
                    },
                    () -> {
                        new DropoutKernels(ctx);
                        done.add("dropout");
                    })));
            assertEquals("task one failed", e.getMessage());
            assertEquals(Set.of("dropout"), done);
        }
    }
}
