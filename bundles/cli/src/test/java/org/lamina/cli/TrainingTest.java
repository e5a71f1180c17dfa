package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.opencl.OpenClTests;

/**
 * {@code lamina train}, {@code predict}, {@code summary} and {@code plugins} as a user runs them, on a
 * small synthetic dataset in MNIST format, on the OpenCL device.
 */
class TrainingTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 768, 256, 5);
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist", "--data", data.toString(),
                "--out", out.toString(), "--device", Integer.toString(OpenClTests.device().index()), "--no-progress",
                "--batch-size", "32"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    @Test
    void trainsAndWritesCheckpointLogAndCurves(@TempDir Path dir) throws IOException {
        CommandLineTest.Run r = train(dir, "--epochs", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        String last = r.out().lines().filter(l -> l.startsWith("Test accuracy")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(last.replaceAll("Test accuracy ([0-9.]+)%.*", "$1"));
        assertTrue(accuracy > 90, last);
        assertTrue(last.contains("images/s") && last.contains("opencl"), last);
        List<String> csv = Files.readAllLines(dir.resolve("log.csv"));
        assertEquals(3, csv.size(), "header and two epochs");
        assertTrue(csv.get(0).startsWith("epoch,learning_rate,train_loss"));
        BufferedImage png = ImageIO.read(dir.resolve("curves.png").toFile());
        assertTrue(png.getWidth() > 100 && png.getHeight() > 100);
        Checkpoint c = Checkpoint.read(dir.resolve("checkpoint.safetensors"));
        assertEquals("2", c.meta("epoch"));
        assertEquals("lenet5", c.meta("architecture"));
        assertTrue(c.parameters().containsKey("conv1.weight") && c.parameters().containsKey("fc3.bias"));
        assertTrue(c.optimizerState().containsKey("conv1.weight.momentum_buffer"));
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        Path straight = dir.resolve("straight"), stopped = dir.resolve("stopped");
        assertEquals(0, train(straight, "--epochs", "2", "--augment", "crop=2,mixup=0.2").status());
        assertEquals(0, train(stopped, "--epochs", "1", "--augment", "crop=2,mixup=0.2").status());
        CommandLineTest.Run r = train(stopped, "--epochs", "2", "--resume", "--augment", "crop=2,mixup=0.2");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Resuming after epoch 1"), r.out());
        Map<String, SafeTensors.Entry> a = SafeTensors.read(straight.resolve("checkpoint.safetensors")).tensors();
        Map<String, SafeTensors.Entry> b = SafeTensors.read(stopped.resolve("checkpoint.safetensors")).tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).values(), b.get(k).values(), k + " differs after resuming");
        }
        assertEquals(Files.readAllLines(straight.resolve("log.csv")).size(),
                Files.readAllLines(stopped.resolve("log.csv")).size());
    }

    @Test
    void aDivergingRunStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        assertEquals(0, train(dir, "--epochs", "1").status());
        Path ckpt = dir.resolve("checkpoint.safetensors");
        byte[] good = Files.readAllBytes(ckpt);
        CommandLineTest.Run r = train(dir, "--epochs", "2", "--resume", "--lr", "1e30");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("the loss became") && r.err().contains("epoch 2"), r.err());
        assertArrayEquals(good, Files.readAllBytes(ckpt), "the checkpoint of epoch 1 is intact");
    }

    @Test
    void predictsTheClassOfAnImageFile(@TempDir Path dir) throws IOException {
        assertEquals(0, train(dir, "--epochs", "2").status());
        // A 56x56 RGB rendering of a class-2 image: predict must gray it and resize it.
        byte[] px = SyntheticDigits.image(2, new Random(1));
        BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int v = px[(y / 2) * 28 + x / 2] & 0xff;
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Path png = dir.resolve("two.png");
        ImageIO.write(img, "png", png.toFile());
        CommandLineTest.Run r = CommandLineTest.run("predict", "--checkpoint", dir.resolve("checkpoint.safetensors")
                .toString(), "--input", png.toString(), "--device", "java");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("two.png: 2 ("), r.out());
        assertEquals(1 + 5, r.out().strip().lines().count(), "the top five of the ten digits: " + r.out());
    }

    @Test
    void summaryAndPluginsList() {
        CommandLineTest.Run r = CommandLineTest.run("summary", "--arch", "lenet5");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("61,706") && r.out().contains("conv2d+relu") && r.out().contains("receptive"),
                r.out());
        CommandLineTest.Run p = CommandLineTest.run("plugins");
        for (String name : new String[] {"lenet5", "alexnet", "vgg16", "resnet18", "cross-entropy", "hinge", "mse",
            "sgd", "adagrad", "rmsprop", "adam", "adamw", "cosine"}) {
            assertTrue(p.out().contains(name), p.out());
        }
        assertTrue(p.out().contains("lamina-plugin-architectures") || p.out().contains("architectures"), p.out());
    }

    @Test
    void clearErrorsForWrongNamesAndFiles(@TempDir Path dir) throws IOException {
        CommandLineTest.Run r = train(dir, "--arch", "resnet999");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown architecture 'resnet999'") && r.err().contains("lenet5"), r.err());
        r = train(dir, "--optimizer", "adamx");
        assertTrue(r.err().contains("unknown optimizer 'adamx'") && r.err().contains("sgd"), r.err());
        r = train(dir, "--loss", "huber");
        assertTrue(r.err().contains("unknown loss 'huber'") && r.err().contains("cross-entropy"), r.err());
        r = CommandLineTest.run("train", "--dataset", "fashion-mnist", "--data", dir.toString(), "--no-progress");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("looked for") && r.err().contains(dir.toString()), r.err());

        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, new byte[] {1, 2, 3});
        r = CommandLineTest.run("predict", "--checkpoint", bad.toString(), "--input", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("truncated") && r.err().contains(bad.toString()), r.err());
    }

    @Test
    void helpListsEveryPluginWithItsOptions() {
        CommandLineTest.Run r = CommandLineTest.run("train", "--help");
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        for (String optimizer : new String[] {"sgd", "adagrad", "rmsprop", "adam", "adamw"}) {
            assertTrue(out.matches("(?s).*\\n  " + optimizer + " +\\S.*"), optimizer + " listed: " + out);
        }
        for (String option : new String[] {"momentum", "nesterov", "convention", "lr_decay",
            "initial_accumulator_value", "alpha", "beta1", "beta2", "eps", "weight_decay"}) {
            assertTrue(out.contains(option), option + ": " + out);
        }
        for (String name : new String[] {"hinge", "mse", "cross-entropy", "alexnet", "vgg16", "resnet18", "lenet5",
            "cosine"}) {
            assertTrue(out.matches("(?s).*\\n  " + name + "( .*|\\n.*)"), name + ": " + out);
        }
    }

    @Test
    void trainsWithAdamAndTheHingeLossThenRefusesToResumeWithAnotherOptimizer(@TempDir Path dir) throws IOException {
        CommandLineTest.Run r = train(dir, "--epochs", "1", "--limit", "256", "--optimizer", "adam", "--lr", "1e-3",
                "--loss", "hinge", "--optimizer-options", "beta2=0.99,weight_decay=1e-4");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("adam lr 0.001") && r.out().contains("Test accuracy"), r.out());
        Checkpoint c = Checkpoint.read(dir.resolve("checkpoint.safetensors"));
        assertEquals("adam", c.meta("optimizer"));
        assertEquals("hinge", c.meta("loss"));
        assertEquals("beta2=0.99,weight_decay=1e-4", c.meta("optimizer_options"));
        assertTrue(c.optimizerState().containsKey("conv1.weight.exp_avg_sq") && c.optimizerState().containsKey("adam.step"),
                c.optimizerState().keySet().toString());
        CommandLineTest.Run again = train(dir, "--epochs", "2", "--limit", "256", "--resume", "--optimizer", "adamw");
        assertEquals(2, again.status(), again.out() + again.err());
        assertTrue(again.err().contains("was trained with optimizer adam, not adamw"), again.err());
        CommandLineTest.Run resumed = train(dir, "--epochs", "2", "--limit", "256", "--resume", "--optimizer", "adam",
                "--lr", "1e-3", "--loss", "hinge", "--optimizer-options", "beta2=0.99,weight_decay=1e-4");
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        assertEquals("2", Checkpoint.read(dir.resolve("checkpoint.safetensors")).meta("epoch"));
    }

    @Test
    void aCheckpointOfAnotherShapeIsRefusedWithTheDifferences(@TempDir Path dir) throws IOException {
        CommandLineTest.Run t = train(dir, "--epochs", "1", "--limit", "64");
        assertEquals(0, t.status(), t.out() + t.err());
        Path ckpt = dir.resolve("checkpoint.safetensors");
        SafeTensors.Contents c = SafeTensors.read(ckpt);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("input_shape", "3,32,32"); // as if it were a CIFAR model: conv1 and fc1 change shape
        meta.put("normalization_mean", "0.5,0.5,0.5");
        meta.put("normalization_std", "0.25,0.25,0.25");
        Path other = dir.resolve("other.safetensors");
        SafeTensors.write(other, c.tensors(), meta);
        Path png = dir.resolve("x.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        CommandLineTest.Run r = CommandLineTest.run("predict", "--checkpoint", other.toString(), "--input",
                png.toString(), "--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("does not match architecture lenet5") && r.err().contains("conv1.weight has shape "
                + "[6, 1, 5, 5] in the checkpoint but [6, 3, 5, 5]"), r.err());
    }
}
