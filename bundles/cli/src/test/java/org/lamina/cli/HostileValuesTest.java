package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values a hostile or clumsy user gives, found by the trial of docs/reliability.md after issue 16's:
 * each is one line naming the option or file and the value, exit status 2, nothing else printed.
 */
class HostileValuesTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path ckpt;
    static Path png;

    @BeforeAll
    static void trainedCheckpoint() throws IOException {
        TrainedRun run = TrainedRun.create(shared, 32, 16, 13);
        data = run.data();
        ckpt = run.checkpoint();
        png = run.png();
        hostileFiles();
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        return TrainedRun.train(data, out, extra);
    }

    static void refused(CommandLineTest.Run r, String line) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing before the error");
        assertEquals("lamina: " + line + "\n", r.err(), "one line, no stack trace");
    }

    @Test
    void aDeviceFileInPlaceOfACheckpointOrAnImageIsNamedAsSuch() {
        Path dev = Path.of("/dev/null");
        refused(CommandLineTest.run("predict", "--checkpoint", dev.toString(), "--input", png.toString(), "--device",
                "java"), "checkpoint /dev/null is not a regular file");
        refused(CommandLineTest.run("predict", "--checkpoint", ckpt.toString(), "--input", dev.toString(), "--device",
                "java"), "predict: --input /dev/null is not a regular file (a device or a pipe), not an image file");
        refused(train(dev, "--epochs", "1"), "--out /dev/null is a file, not a folder");
    }

    @Test
    void aFileGivenAsTheDataFolderIsNamed(@TempDir Path dir) {
        Path file = data.resolve("train-images-idx3-ubyte.gz");
        CommandLineTest.Run r = CommandLineTest.run("train", "--dataset", "mnist", "--data", file.toString(), "--out",
                dir.resolve("run").toString(), "--device", "java", "--no-progress");
        refused(r, "--data: " + file + " is a file, not a folder (give the folder that holds the dataset's files)");
    }

    @Test
    void aCheckpointHeaderThatIsNotJsonSaysWhereWithoutGsonsText(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(ckpt);
        long n = ByteBuffer.wrap(whole, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] broken = whole.clone();
        broken[8 + (int) n - 1] = ','; // the header's closing brace made a comma: JSON that ends too soon
        Path bad = Files.write(dir.resolve("bad.safetensors"), broken);
        CommandLineTest.Run r = CommandLineTest.run("predict", "--checkpoint", bad.toString(), "--input",
                png.toString(), "--device", "java");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("lamina: checkpoint " + bad + ": the header is not valid JSON (at line 1,"
                + " column "), r.err());
        assertTrue(r.err().endsWith(" of the " + n + "-byte header)\n"), r.err());
        assertFalse(r.err().contains("gson") || r.err().contains("Exception") || r.err().contains("setLenient"),
                r.err());
    }

    /** Files a hostile user hands over: made once, named in {@link #mistakes()}. */
    static Path file(String name) {
        return shared.resolve("files").resolve(name);
    }

    static void hostileFiles() throws IOException {
        Path d = Files.createDirectories(shared.resolve("files"));
        Files.createDirectories(d.resolve("empty"));
        Files.writeString(d.resolve("garbage.txt"), "garbage");
        byte[] whole = Files.readAllBytes(ckpt);
        int n = (int) ByteBuffer.wrap(whole, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject header = JsonParser.parseString(
                new String(whole, 8, n, StandardCharsets.UTF_8)).getAsJsonObject();
        byte[] data = Arrays.copyOfRange(whole, 8 + n, whole.length);
        Files.write(d.resolve("cut.safetensors"), Arrays.copyOf(whole, 100));
        byte[] flipped = whole.clone();
        flipped[8 + n + 100] ^= 0x01; // one bit of conv1.weight's 26th value
        Files.write(d.resolve("flip.safetensors"), flipped);
        Files.write(d.resolve("zero.safetensors"), new byte[0]);
        Files.write(d.resolve("huge-header.safetensors"), ByteBuffer.allocate(10)
                .order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 62).put((byte) '{').put((byte) '}').array());
        for (String key : new String[] {"architecture", "input_shape", "normalization_mean"}) {
            JsonObject h = header.deepCopy();
            h.getAsJsonObject("__metadata__").remove(key);
            write(d.resolve("no-" + key + ".safetensors"), h, data);
        }
        JsonObject h = header.deepCopy();
        h.getAsJsonObject("__metadata__").addProperty("architecture", "nosuch");
        write(d.resolve("arch-nosuch.safetensors"), h, data);
        h = header.deepCopy();
        h.getAsJsonObject("__metadata__").addProperty("classes", "3");
        h.getAsJsonObject("__metadata__").addProperty("class_names", "[\"a\",\"b\",\"c\"]");
        write(d.resolve("classes3.safetensors"), h, data);
        h = header.deepCopy();
        h.getAsJsonObject("conv1.weight").add("data_offsets", JsonParser.parseString("[0, 1000000000000]"));
        write(d.resolve("offsets.safetensors"), h, data);
        h = header.deepCopy();
        h.getAsJsonObject("conv1.weight").addProperty("dtype", "F16");
        write(d.resolve("f16.safetensors"), h, data);
        h = header.deepCopy();
        h.remove("conv1.weight");
        write(d.resolve("no-conv1.safetensors"), h, data);
    }

    private static void write(Path f, JsonObject header, byte[] data) throws IOException {
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(f, ByteBuffer.allocate(8 + json.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).put(data).array());
    }

    /**
     * Command lines and the one line each must give ({@code ...} at the end: the line starts so). Placeholders:
     * {@code @DATA} the dataset folder, {@code @CKPT} the trained checkpoint, {@code @PNG} an image,
     * {@code F:name} a file of {@link #hostileFiles()}, {@code @OUT} a fresh run folder.
     */
    static List<Arguments> mistakes() {
        String t = "train --dataset mnist --data @DATA --device java --no-progress --epochs 1 --out @OUT ";
        String p = "predict --device java --input @PNG --checkpoint ";
        return List.of(
                Arguments.of(t + "--seed abc", "Invalid value for option '--seed': 'abc' is not a long (see 'lamina train --help')"),
                Arguments.of(t + "--batch-size 1.5", "Invalid value for option '--batch-size': '1.5' is not an int (see 'lamina train --help')"),
                Arguments.of(t + "--limit 99999999999", "Invalid value for option '--limit': '99999999999' is not an int (see 'lamina train --help')"),
                Arguments.of(t + "--progress=maybe", "Invalid value for option '--progress': 'maybe' is not a boolean (see 'lamina train --help')"),
                Arguments.of(t + "--nosuch", "Unknown option: '--nosuch' (see 'lamina train --help')"),
                Arguments.of(t + "--epochs 2", "option '--epochs' (<epochs>) should be specified only once (see 'lamina train --help')"),
                Arguments.of("sumary", "Unmatched argument at index 0: 'sumary'; did you mean summary? (see 'lamina --help')"),
                Arguments.of("predict --input @PNG", "Missing required option: '--checkpoint=FILE' (see 'lamina predict --help')"),
                Arguments.of("plugins --nosuch", "Unknown option: '--nosuch' (see 'lamina plugins --help')"),
                Arguments.of(t + "--optimizer nosuch", "unknown optimizer 'nosuch'; available: ..."),
                Arguments.of(t + "--loss nosuch", "unknown loss 'nosuch'; available: ..."),
                Arguments.of(t + "--schedule nosuch", "unknown learning-rate schedule 'nosuch'; available: ..."),
                Arguments.of(t + "--arch nosuch", "unknown architecture 'nosuch'; available: ..."),
                Arguments.of(t + "--arch-options variant=nosuch", "lenet5: variant 'nosuch' is not relu or tanh"),
                Arguments.of(t + "--arch-options =", "option '=' is not of the form key=value"),
                Arguments.of(t + "--optimizer-options momentum=abc", "option momentum: 'abc' is not a number"),
                Arguments.of(t + "--optimizer-options momentum=-1", "sgd: momentum -1.0 must be zero or positive"),
                Arguments.of(t + "--optimizer-options nosuch=1", "sgd: unknown option [nosuch]; it takes [convention, dampening, momentum, nesterov, weight_decay]"),
                Arguments.of(t + "--optimizer adam --optimizer-options lr=1", "adam: unknown option [lr]; it takes [amsgrad, beta1, beta2, eps, weight_decay]"),
                Arguments.of(t + "--schedule cosine --schedule-options eta_min=abc", "option eta_min: 'abc' is not a number"),
                Arguments.of(t + "--augment crop", "option 'crop' is not of the form key=value"),
                Arguments.of(t + "--augment nosuch=1", "--augment: unknown option [nosuch]; it takes [brightness, contrast, crop, erasing, flip, mixup, resized-crop, rotate, saturation, zoom]"),
                Arguments.of(t + "--augment erasing=2", "--augment: erasing=2.0 is not a probability (0 to 1)"),
                Arguments.of(t + "--augment crop=abc", "option crop: 'abc' is not a whole number"),
                Arguments.of(t + "--split nosuch", "batch split 'nosuch' is unknown; use even or speed"),
                Arguments.of(t.replace("--device java ", "--device java,java "), "device list 'java,java': 'java' names the Java backend, which 'java' named already; each device can be used once"),
                Arguments.of(t.replace("mnist", "nosuch"), "unknown dataset 'nosuch'; the datasets are fashion-mnist, mnist, cifar-10, folder:PATH"),
                Arguments.of(t.replace("mnist", "cifar-10"), "cifar-10 not found: looked for data_batch_1.bin in @DATA; download ..."),
                Arguments.of(t.replace("@DATA", "F:empty"), "mnist not found: looked for train-images-idx3-ubyte[.gz] in F:empty; give --data DIR with the four IDX files of MNIST (train-images-idx3-ubyte.gz, ...)"),
                Arguments.of(t + "--resume", "checkpoint @OUT/checkpoint.safetensors does not exist"),
                Arguments.of(t + "--l1 1e400", "--l1: Infinity is not a strength (give 0 for none, or more)"),
                Arguments.of(t + "--max-norm NaN", "--max-norm: NaN is not a strength (give 0 for none, or more)"),
                Arguments.of(t + "--lr NaN", "--lr: NaN is not a learning rate (give a positive number)"),
                Arguments.of(t + "--lr Infinity", "--lr: Infinity is not a learning rate (give a positive number)"),
                Arguments.of(p + "@CKPT --top 0", "--top: 0 is not a number of classes to list (give 1 or more)"),
                Arguments.of("predict --device java --checkpoint @CKPT --input F:garbage.txt", "predict: F:garbage.txt is not an image Java can read (PNG, JPEG, BMP, GIF)"),
                Arguments.of("predict --device java --checkpoint @CKPT --input F:nosuch.png", "predict: F:nosuch.png does not exist"),
                Arguments.of(p + "F:cut.safetensors", "checkpoint F:cut.safetensors: truncated: the header needs ..."),
                Arguments.of(p + "F:flip.safetensors", "checkpoint F:flip.safetensors: its ..."),
                Arguments.of(p + "F:garbage.txt", "checkpoint F:garbage.txt: truncated: 7 bytes, not even the 8-byte header length"),
                Arguments.of(p + "F:zero.safetensors", "checkpoint F:zero.safetensors: truncated: 0 bytes, not even the 8-byte header length"),
                Arguments.of(p + "F:huge-header.safetensors", "checkpoint F:huge-header.safetensors: header length 4611686018427387904 is not plausible (not a safetensors file?)"),
                Arguments.of(p + "F:no-architecture.safetensors", "checkpoint F:no-architecture.safetensors has no 'architecture' (not written by Lamina's trainer?)"),
                Arguments.of(p + "F:no-input_shape.safetensors", "checkpoint F:no-input_shape.safetensors has no 'input_shape' (not written by Lamina's trainer?)"),
                Arguments.of(p + "F:no-normalization_mean.safetensors", "checkpoint F:no-normalization_mean.safetensors has no 'normalization_mean' (not written by Lamina's trainer?)"),
                Arguments.of(p + "F:arch-nosuch.safetensors", "checkpoint F:arch-nosuch.safetensors: unknown architecture 'nosuch'; available: ..."),
                Arguments.of(p + "F:classes3.safetensors", "checkpoint F:classes3.safetensors does not match architecture lenet5: fc3.weight has shape [10, 84] in the checkpoint but [3, 84] in lenet5; fc3.bias has shape [10] in the checkpoint but [3] in lenet5"),
                Arguments.of(p + "F:offsets.safetensors", "checkpoint F:offsets.safetensors: tensor conv1.weight of shape [6, 1, 5, 5] has data_offsets [0, 1000000000000], not 600 bytes"),
                Arguments.of(p + "F:f16.safetensors", "checkpoint F:f16.safetensors: tensor conv1.weight has dtype F16; Lamina reads F32"),
                Arguments.of(p + "F:no-conv1.safetensors", "checkpoint F:no-conv1.safetensors does not match architecture lenet5: missing conv1.weight [6, 1, 5, 5]"),
                Arguments.of("verify --device java --golden F:nosuch", "golden set F:nosuch is not a directory"),
                Arguments.of("verify --device java --golden F:empty", "F:empty holds neither index.json nor case folders"),
                Arguments.of("verify --device java --golden F:garbage.txt", "golden set F:garbage.txt is not a directory"),
                Arguments.of("summary --arch lenet5 --input 1,1,1", "lenet5: needs images [C, H, W] of at least 5x5, got [1, 1, 1]"),
                Arguments.of("summary --arch resnet18 --arch-options stem=nosuch", "resnet18: stem 'nosuch' is not auto, imagenet or small"),
                Arguments.of("summary --arch vgg16 --input 1,4,4", "graph vgg16: node features.16 (max_pool2d) with input features.14 [256, 1, 1]: max_pool2d: the pooling window kernel_size (2, 2) is larger than the padded input 1 x 1 (input 1 x 1, padding (0, 0))"),
                Arguments.of("bench --join F:nosuch.csv", "F:nosuch.csv: no such file"),
                Arguments.of("bench --join F:garbage.txt F:garbage.txt", "F:garbage.txt: not a lamina bench CSV (its header lacks workload, pass, device, device_name, median_ms: 'garbage')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void everyMistakeIsOneLineNamingTheOptionOrFileAndTheValue(String commandLine, String line, @TempDir Path dir) {
        List<String> args = new ArrayList<>();
        for (String a : commandLine.split(" ")) {
            args.add(placed(a, dir));
        }
        CommandLineTest.Run r = CommandLineTest.run(args.toArray(new String[0]));
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing before the error");
        String expected = "lamina: " + placed(line, dir);
        String got = r.err().strip();
        assertEquals(1, r.err().lines().count(), r.err());
        if (expected.endsWith("...")) {
            assertTrue(got.startsWith(expected.substring(0, expected.length() - 3)), got);
        } else {
            assertEquals(expected, got);
        }
    }

    private static String placed(String s, Path dir) {
        return s.replace("@DATA", data.toString()).replace("@CKPT", ckpt.toString()).replace("@PNG", png.toString())
                .replace("@OUT", dir.resolve("run").toString())
                .replaceAll("F:([A-Za-z0-9_.-]+)", shared.resolve("files").toString().replace("\\", "\\\\") + "/$1");
    }
}
