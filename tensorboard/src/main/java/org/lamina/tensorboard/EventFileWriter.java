package org.lamina.tensorboard;

import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;
import org.lamina.tensorboard.proto.Event;
import org.lamina.tensorboard.proto.SessionLog;
import org.lamina.tensorboard.proto.Summary;

/**
 * One TensorBoard event file, {@code events.out.tfevents.<seconds>.<host>} in a folder: TFRecords
 * ({@link TfRecord}) of {@code Event} messages, the first of which names the format
 * ({@value #FILE_VERSION}). Events are kept in memory until {@link #flush}, which appends them to
 * the file whole and forces them to the disk: an event file is a log that only grows, so a crash
 * leaves the events up to the last flush, each record complete, and TensorBoard reads that prefix.
 */
public final class EventFileWriter implements AutoCloseable {
    /** What the first event of every file says; TensorBoard reads files of version 2. */
    public static final String FILE_VERSION = "brain.Event:2";

    /** Records kept in memory past this many bytes are written without waiting for a flush. */
    private static final int PENDING_LIMIT = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private EventFileWriter(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Creates a new event file in {@code dir} (made if needed) and writes its first event. A file of
     * the same second and host gets a suffix, so two writers never share a file.
     *
     * @throws UncheckedIOException naming the folder when it cannot be made or written
     */
    public static EventFileWriter create(Path dir) {
        long seconds = System.currentTimeMillis() / 1000;
        String base = "events.out.tfevents." + seconds + "." + host();
        try {
            Files.createDirectories(dir);
            for (int n = 0;; n++) {
                Path f = dir.resolve(n == 0 ? base : base + "." + n);
                try {
                    FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    EventFileWriter w = new EventFileWriter(f, ch);
                    w.write(event(0).setFileVersion(FILE_VERSION).build());
                    w.flush();
                    return w;
                } catch (FileAlreadyExistsException e) {
                    // another writer of the same second: take the next name
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoard events: cannot write in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The host part of the name, as TensorFlow writes it, reduced to characters safe in a file name. */
    private static String host() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "localhost";
        }
        h = h.replaceAll("[^A-Za-z0-9._-]", "_");
        return h.isEmpty() ? "localhost" : h;
    }

    public Path file() {
        return file;
    }

    /** A scalar (TensorBoard's Scalars tab). */
    public synchronized void scalar(String tag, long step, double value) {
        write(event(step).setSummary(Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag)
                .setSimpleValue((float) value))).build());
    }

    /** An image (TensorBoard's Images tab), written as PNG. */
    public synchronized void image(String tag, long step, BufferedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoard events: cannot encode the image " + tag + ": " + e.getMessage(),
                    e);
        }
        int colorspace = image.getType() == BufferedImage.TYPE_BYTE_GRAY ? 1
                : image.getColorModel().hasAlpha() ? 4 : 3;
        image(tag, step, png.toByteArray(), image.getWidth(), image.getHeight(), colorspace);
    }

    /**
     * An image already encoded as PNG.
     *
     * @param colorspace 1 grayscale, 3 RGB, 4 RGBA (TensorFlow's numbering)
     */
    public synchronized void image(String tag, long step, byte[] png, int width, int height, int colorspace) {
        Summary.Image img = Summary.Image.newBuilder().setWidth(width).setHeight(height).setColorspace(colorspace)
                .setEncodedImageString(ByteString.copyFrom(png)).build();
        write(event(step).setSummary(Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag)
                .setImage(img))).build());
    }

    /**
     * Marks a (re)start at {@code step}: TensorBoard drops what earlier files of the folder hold from
     * this step on, the events a run wrote after its last checkpoint before it was resumed.
     */
    public synchronized void sessionStart(long step) {
        write(event(step).setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START)).build());
    }

    /**
     * Appends an event (written at the next {@link #flush}). Not public: the generated classes stay
     * inside the bundle, so that protobuf is no part of the API.
     */
    synchronized void write(Event e) {
        byte[] record = TfRecord.frame(e.toByteArray());
        pending.write(record, 0, record.length);
        if (pending.size() > PENDING_LIMIT) {
            flush();
        }
    }

    /** Writes the pending events to the file and forces them to the disk. */
    public synchronized void flush() {
        if (pending.size() == 0) {
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
            pending.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoard events: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            flush();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("TensorBoard events: cannot close " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static Event.Builder event(long step) {
        return Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step);
    }
}
