package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A LeNet-5 trained one epoch on synthetic digits through the command line (Java backend), with an
 * input image for {@code predict}: the fixture of the tests that feed commands a real checkpoint.
 */
record TrainedRun(Path data, Path checkpoint, Path png) {

    /** Writes {@code train} + {@code test} synthetic digits (seeded) under {@code dir} and trains on them. */
    static TrainedRun create(Path dir, int train, int test, long seed) throws IOException {
        Path data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), train, test, seed);
        Path run = dir.resolve("run");
        CommandLineTest.Run r = train(data, run, "--epochs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        Path png = dir.resolve("x.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        return new TrainedRun(data, run.resolve("checkpoint.safetensors"), png);
    }

    /** {@code lamina train} on {@code data} into {@code out} (Java backend, batch 32, no progress bar) with {@code extra}. */
    static CommandLineTest.Run train(Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist", "--data", data.toString(),
                "--out", out.toString(), "--device", "java", "--no-progress", "--batch-size", "32"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }
}
