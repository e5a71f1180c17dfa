package org.lamina.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.stream.JsonWriter;
import java.io.Writer;

/**
 * A JSON value from a file as an error message shows it: at most {@value #MAX} characters. It is
 * written only that far: {@code toString()} of a value nested thousands deep (a few kilobytes of
 * {@code [[[[}) recurses as deep and overflows the stack.
 */
public final class ShownJson {
    public static final int MAX = 80;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private ShownJson() {
    }

    /** {@code e} as JSON, cut to {@value #MAX} characters ending in {@code ...} when longer. */
    public static String of(JsonElement e) {
        StringBuilder b = new StringBuilder();
        try {
            GSON.toJson(e, new JsonWriter(new Writer() {
                @Override
                public void write(char[] chars, int off, int len) {
                    b.append(chars, off, Math.min(len, MAX + 1 - b.length()));
                    if (b.length() > MAX) {
                        throw new Enough();
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            }));
        } catch (Enough enough) {
            // written as far as shown
        }
        return b.length() > MAX ? b.substring(0, MAX - 3) + "..." : b.toString();
    }

    /** Stops the writer once the message has enough. */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Enough() {
            super(null, null, false, false);
        }
    }
}
