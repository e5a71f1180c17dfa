package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.OpenClTests;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramCache;

/**
 * A cold first training builds the kernels of its first step ahead of it ({@link FirstStep},
 * {@code Backend.prepare}), only those its network uses, and a warm one builds none from source.
 */
class FirstStepTest {

    /** LeNet-5's kinds of layers on 8x8 images: a 5x5 convolution, ReLU, max pooling, dense. */
    static Network network() {
        Graph g = new Graph("first-step");
        Node x = g.input("image", 1, 8, 8);
        Node p = g.maxPool(g.relu(g.conv2d(x, 4, 5).pad(2)), 2);
        g.output(g.dense(g.flatten(p), TrainingFixtures.CLASSES));
        return g.build();
    }

    private static Set<String> names(List<Program> programs) {
        return programs.stream().map(p -> p.source().stem()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void train(OpenClBackend b, Path dir) {
        try (Model m = new Model(network(), b, 3); TrainingFixtures.Sgd u = TrainingFixtures.momentum()) {
            new Trainer(new Executor(m), TrainingFixtures.CROSS_ENTROPY, u, TrainingFixtures.loader(TrainingFixtures.data(32, 1),
                    16), TrainingFixtures.loader(TrainingFixtures.data(16, 2), 16), ReplicasTest.settings(dir, 1), Map.of(), new Trainer.Listener() {
                    }).run(null);
        }
    }

    @Test
    void aColdStartBuildsOnlyProgramsTheNetworkLaunchesAndMostOfThemBeforeTheFirstStep(@TempDir Path dir) {
        try (ClContext ctx = ClContext.create(OpenClTests.device(),
                ClContext.Options.defaults().cache(ProgramCache.disabled()));
                OpenClBackend b = new OpenClBackend(ctx)) {
            b.prepare(FirstStep.uses(network(), 16));
            Set<String> prepared = names(ctx.programs());
            // the convolution's paths (GEMM among them), the activation, pooling, dense, loss and optimizer families
            for (String family : List.of("gemm", "activations", "pooling", "dense", "losses", "optimizers")) {
                assertTrue(prepared.contains(family), family + " was not built ahead: " + prepared);
            }
            train(b, dir);
            Set<String> built = names(ctx.programs());
            assertTrue(built.containsAll(prepared), built + " vs " + prepared);
            for (Program p : ctx.programs()) {
                assertTrue(p.launched(), p.source().name() + " was built (" + p.origin() + ") but none of its kernels "
                        + "ran in the training; built: " + built);
            }
            for (String unused : List.of("winograd", "winograd4", "depthwise_conv2d", "local_response_norm", "phases")) {
                assertFalse(built.contains(unused), unused + " was built for a network without it: " + built);
            }
        }
    }

    @Test
    void aWarmStartBuildsNothingFromSource(@TempDir Path dir, @TempDir Path cache) {
        for (int run = 0; run < 2; run++) {
            try (ClContext ctx = ClContext.create(OpenClTests.device(),
                    ClContext.Options.defaults().cache(ProgramCache.at(cache)));
                    OpenClBackend b = new OpenClBackend(ctx)) {
                train(b, dir.resolve("run" + run));
                Set<Program.Origin> origins = ctx.programs().stream().map(Program::origin).collect(Collectors.toSet());
                assertEquals(Set.of(run == 0 ? Program.Origin.SOURCE : Program.Origin.DISK_CACHE), origins,
                        "run " + (run + 1) + ": " + ctx.programs().stream().map(p -> p.source().stem() + " " + p.origin())
                                .toList());
            }
        }
    }
}
