package org.lamina.tensorboard;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.train.TrainingFixtures.CLASSES;
import static org.lamina.train.TrainingFixtures.CROSS_ENTROPY;
import static org.lamina.train.TrainingFixtures.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.data.DataLoader;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Graph;
import org.lamina.inspect.FilterGrid;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.opencl.OpenClTests;
import org.lamina.tensor.Tensor;
import org.lamina.train.EpochStats;
import org.lamina.train.Trainer;
import org.lamina.train.TrainingFixtures;
import org.lamina.train.TrainingFixtures.Sgd;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/**
 * A training run's TensorBoard events, read back by TensorFlow's own Event class through a reader
 * that checks every record's framing and CRCs ({@link TfEvents}): the scalars are the values the
 * run logged in its CSV, the images are PNGs of the filters as the model holds them, the samples and
 * the curves; each epoch's events are on the disk when the epoch ends; a resumed run's file starts
 * where its checkpoint ended.
 */
class TensorBoardTrainingTest {
    static final int TRAIN = 48, BATCH = 16, BATCHES = TRAIN / BATCH;

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void theEventsOfARunAreWhatItLogged(String device, @TempDir Path dir) throws IOException {
        ImageDataset train = data(TRAIN, 1);
        List<Integer> eventsOnDiskAtEpochEnd = new ArrayList<>();
        Trainer.Result result;
        Path events;
        float[] finalFilters;
        try (Backend b = device.equals("opencl") ? new OpenClBackend(OpenClTests.context()) : Backends.open(device);
                Model model = new Model(network(), b, 7); Sgd sgd = new Sgd(0)) {
            TensorBoardListener[] tb = new TensorBoardListener[1];
            Trainer.Listener after = new Trainer.Listener() {
                @Override
                public void epochDone(EpochStats s) {
                    // the listener passes the call on after its flush: the epoch must be in the file now
                    try {
                        eventsOnDiskAtEpochEnd.add(scalars(TfEvents.read(tb[0].file()).events(), "loss/test").size());
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            };
            try (TensorBoardListener l = TensorBoardListener.of(dir, model, after).samples(train, 9)
                    .curves(dir.resolve("curves.png"))) {
                tb[0] = l;
                result = new Trainer(new Executor(model), CROSS_ENTROPY, sgd, loader(train), loader(data(20, 2)),
                        settings(dir, 3), Map.of(), l).run(null);
                events = l.file();
            }
            finalFilters = model.param("conv.weight").toArray();
        }
        assertEquals(List.of(1, 2, 3), eventsOnDiskAtEpochEnd);
        assertTrue(events.getFileName().toString().startsWith("events.out.tfevents."), events.toString());

        TfEvents.Read read = TfEvents.read(events);
        assertFalse(read.truncatedTail());
        List<Event> ev = read.events();
        assertEquals("brain.Event:2", ev.get(0).getFileVersion());

        // the scalars are the run's values, and the CSV's to its six decimals
        List<String> csv = Files.readAllLines(dir.resolve("log.csv"), StandardCharsets.UTF_8);
        assertEquals(4, csv.size());
        for (EpochStats s : result.epochs()) {
            long step = (long) s.epoch() * BATCHES;
            String[] row = csv.get(s.epoch()).split(",");
            assertScalar(ev, "loss/train", step, s.trainLoss(), Double.parseDouble(row[2]));
            assertScalar(ev, "accuracy/train", step, s.trainTop1(), Double.parseDouble(row[3]));
            assertScalar(ev, "loss/test", step, s.testLoss(), Double.parseDouble(row[5]));
            assertScalar(ev, "accuracy/test", step, s.testTop1(), Double.parseDouble(row[6]));
            assertScalar(ev, "learning_rate", step, s.learningRate(), Double.parseDouble(row[1]));
            // the CSV has one decimal of the throughput
            assertScalar(ev, "images_per_second", step, s.imagesPerSecond(), Double.parseDouble(row[9]), 0.05);
            assertEquals((float) s.epoch(), scalars(ev, "epoch").get(step));
        }
        // a loss per step, steps 1 to 9, and their mean per epoch is the epoch's training loss
        Map<Long, Float> batchLoss = scalars(ev, "batch/loss");
        assertEquals(3 * BATCHES, batchLoss.size());
        assertEquals(1L, (long) ((TreeMap<Long, Float>) batchLoss).firstKey());
        assertEquals(3L * BATCHES, (long) ((TreeMap<Long, Float>) batchLoss).lastKey());
        Map<Long, Float> batchRate = scalars(ev, "batch/images_per_second");
        assertEquals(batchLoss.keySet(), batchRate.keySet());
        assertTrue(batchRate.values().stream().allMatch(v -> v > 0 && Float.isFinite(v)), batchRate.toString());
        for (EpochStats s : result.epochs()) {
            double sum = 0;
            for (int i = 1; i <= BATCHES; i++) {
                sum += batchLoss.get((long) (s.epoch() - 1) * BATCHES + i);
            }
            assertEquals(s.trainLoss(), sum / BATCHES, 1e-5);
        }

        // images: the samples once, the filters at the start and after each epoch, the curves after each epoch
        Map<Long, Summary.Image> samples = images(ev, "samples");
        assertEquals(List.of(0L), new ArrayList<>(samples.keySet()));
        BufferedImage sampleGrid = png(samples.get(0L));
        assertEquals(TensorBoardListener.sampleGrid(train, 9).getWidth(), sampleGrid.getWidth());
        assertEquals(3, samples.get(0L).getColorspace());
        // the first sample's top-left pixel, enlarged 7 times, after the 1-pixel border (grey: red = green = blue)
        assertEquals(train.pixels()[0] & 0xff, sampleGrid.getRaster().getSample(1, 1, 0));
        assertEquals(train.pixels()[8 * 8 + 7] & 0xff, sampleGrid.getRaster().getSample(1 + 8 * 7 + 1 + 7 * 7, 1, 0));
        assertEquals(train.pixels()[8 * 8 + 7] & 0xff, sampleGrid.getRaster().getSample(1 + 8 * 7 + 1 + 7 * 7, 1, 2));

        Map<Long, Summary.Image> filters = images(ev, "filters/conv.weight");
        assertEquals(List.of(0L, 3L, 6L, 9L), new ArrayList<>(filters.keySet()));
        BufferedImage last = png(filters.get(9L));
        BufferedImage expected = FilterGrid.of("conv.weight", finalFilters, new int[] {4, 1, 3, 3})
                .image(TensorBoardListener.zoom(3, 3, 48), 1);
        assertEquals(expected.getWidth(), last.getWidth());
        assertEquals(expected.getHeight(), last.getHeight());
        for (int y = 0; y < last.getHeight(); y++) {
            for (int x = 0; x < last.getWidth(); x++) {
                assertEquals(expected.getRaster().getSample(x, y, 0), last.getRaster().getSample(x, y, 0),
                        "filters pixel " + x + "," + y);
            }
        }
        assertNotEquals(pixelSum(png(filters.get(0L))), pixelSum(last), "the filters changed in training");

        Map<Long, Summary.Image> curves = images(ev, "curves");
        assertEquals(List.of(3L, 6L, 9L), new ArrayList<>(curves.keySet()));
        BufferedImage curvesPng = ImageIO.read(dir.resolve("curves.png").toFile());
        BufferedImage logged = png(curves.get(9L));
        assertEquals(curvesPng.getWidth(), logged.getWidth());
        assertEquals(curvesPng.getRGB(450, 320), logged.getRGB(450, 320));
    }

    @Test
    void aFileCutShortKeepsItsWholeRecords(@TempDir Path dir) throws IOException {
        Path f;
        try (EventFileWriter w = EventFileWriter.create(dir)) {
            for (int i = 1; i <= 5; i++) {
                w.scalar("x", i, i * 0.5);
            }
            f = w.file();
        }
        byte[] bytes = Files.readAllBytes(f);
        TfEvents.Read whole = TfEvents.read(bytes);
        assertEquals(6, whole.events().size());
        Set<Integer> ends = new HashSet<>();
        int end = 0;
        for (Event e : whole.events()) {
            end += 16 + e.getSerializedSize();
            ends.add(end);
        }
        assertEquals(bytes.length, end);
        for (int cut = bytes.length - 1; cut > 0; cut--) {
            TfEvents.Read prefix = TfEvents.read(Arrays.copyOf(bytes, cut));
            assertEquals(!ends.contains(cut), prefix.truncatedTail(), "cut at " + cut);
            assertEquals(whole.events().subList(0, prefix.events().size()), prefix.events());
        }
        // a flipped bit is caught by the CRC of the data
        bytes[bytes.length - 6] ^= 1;
        IOException e = assertThrows(IOException.class, () -> TfEvents.read(bytes));
        assertTrue(e.getMessage().contains("data's CRC"), e.getMessage());
    }

    @Test
    void twoWritersOfTheSameSecondGetTwoFiles(@TempDir Path dir) {
        try (EventFileWriter a = EventFileWriter.create(dir); EventFileWriter b = EventFileWriter.create(dir)) {
            assertNotEquals(a.file(), b.file());
        }
    }

    @Test
    void theCrc32cIsCastagnolisAndMaskedAsTensorFlowMasksIt() {
        // the CRC-32C check value of "123456789" (RFC 3720), and TensorFlow's mask of it
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        CRC32C c = new CRC32C();
        c.update(check);
        assertEquals(0xE3069283L, c.getValue());
        long crc = 0xE3069283L;
        int want = (int) (((((crc >>> 15) | (crc << 17)) & 0xffffffffL) + 0xa282ead8L) & 0xffffffffL);
        assertEquals(want, TfRecord.maskedCrc32c(check, 0, check.length));
        assertEquals(want, TfEvents.masked(check, 0, check.length));
    }

    @Test
    void aResumedRunStartsItsFileWhereTheCheckpointEnded(@TempDir Path dir) throws IOException {
        ImageDataset train = data(TRAIN, 1);
        try (Backend b = Backends.open("java"); Model model = new Model(network(), b, 7); Sgd sgd = new Sgd(0);
                TensorBoardListener l = TensorBoardListener.of(dir, model, null)) {
            new Trainer(new Executor(model), CROSS_ENTROPY, sgd, loader(train), loader(data(20, 2)), settings(dir, 1),
                    Map.of(), l).run(null);
        }
        Path second;
        Checkpoint c = Checkpoint.read(Trainer.checkpointFile(dir));
        try (Backend b = Backends.open("java"); Model model = new Model(network(), b, 7); Sgd sgd = new Sgd(0);
                TensorBoardListener l = TensorBoardListener.of(dir, model, null)) {
            Trainer t = new Trainer(new Executor(model), CROSS_ENTROPY, sgd, loader(train), loader(data(20, 2)),
                    settings(dir, 2), Map.of(), l);
            t.restore(c);
            t.run(c);
            second = l.file();
        }
        try (var files = Files.list(dir)) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).count());
        }
        List<Event> ev = TfEvents.read(second).events();
        assertEquals("brain.Event:2", ev.get(0).getFileVersion());
        assertEquals(SessionLog.SessionStatus.START, ev.get(1).getSessionLog().getStatus());
        assertEquals(BATCHES + 1, ev.get(1).getStep());
        assertEquals(List.of((long) BATCHES + 1, (long) BATCHES + 2, (long) BATCHES + 3),
                new ArrayList<>(scalars(ev, "batch/loss").keySet()));
        assertEquals(List.of(2L * BATCHES), new ArrayList<>(scalars(ev, "loss/test").keySet()));
        assertTrue(images(ev, "samples").isEmpty(), "samples are shown once, by the new run");
    }

    private static void assertScalar(List<Event> ev, String tag, long step, double value, double csv) {
        assertScalar(ev, tag, step, value, csv, Math.max(1e-6, Math.abs(csv) * 1e-5));
    }

    private static void assertScalar(List<Event> ev, String tag, long step, double value, double csv, double within) {
        Float got = scalars(ev, tag).get(step);
        assertNotNull(got, tag + " at step " + step);
        assertEquals((float) value, got, tag + " at step " + step);
        assertEquals(csv, got, within, tag + " at step " + step + " against the CSV");
    }

    static Map<Long, Float> scalars(List<Event> events, String tag) {
        Map<Long, Float> out = new TreeMap<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.getTag().equals(tag) && v.hasSimpleValue()) {
                    assertNull(out.put(e.getStep(), v.getSimpleValue()), tag + " twice at step " + e.getStep());
                }
            }
        }
        return out;
    }

    static Map<Long, Summary.Image> images(List<Event> events, String tag) {
        Map<Long, Summary.Image> out = new TreeMap<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.getTag().equals(tag) && v.hasImage()) {
                    out.put(e.getStep(), v.getImage());
                }
            }
        }
        return out;
    }

    private static BufferedImage png(Summary.Image image) throws IOException {
        byte[] bytes = image.getEncodedImageString().toByteArray();
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(image.getWidth(), img.getWidth());
        assertEquals(image.getHeight(), img.getHeight());
        return img;
    }

    private static long pixelSum(BufferedImage img) {
        long s = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                s += img.getRaster().getSample(x, y, 0) * (long) (x + 31 * y);
            }
        }
        return s;
    }

    static Network network() {
        Graph g = new Graph("small");
        Node x = g.input("image", 1, 8, 8);
        Node c = g.conv2d(x, 4, 3).pad(1).name("conv");
        Node p = g.maxPool(g.relu(c), 2);
        g.output(g.dense(g.flatten(p), CLASSES).name("logits"));
        return g.build();
    }

    static DataLoader loader(ImageDataset d) {
        return TrainingFixtures.loader(d, BATCH);
    }

    static Trainer.Settings settings(Path dir, int epochs) {
        return TrainingFixtures.settings(dir, epochs, 0.1, List.of(), 10);
    }
}
