package org.lamina.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The command line's log output: the library logs through {@code System.Logger}, which lands in
 * java.util.logging, whose console format takes two lines with a time stamp and the class. On a
 * terminal a warning is one line, {@code warning: ...}, as the command line's own messages are.
 */
final class ConsoleLogging {
    private ConsoleLogging() {
    }

    static void install() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                h.setFormatter(new OneLine());
            }
        }
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String level = r.getLevel() == Level.SEVERE ? "error" : r.getLevel().getName().toLowerCase(Locale.ROOT);
            String text = formatMessage(r) + System.lineSeparator();
            if (r.getThrown() != null && r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                text += r.getThrown() + System.lineSeparator();
            }
            return level + ": " + text;
        }
    }
}
