package org.lamina.train;

/** Training cannot go on: the loss became NaN or infinite, or a plugin it used went away. */
public final class TrainingStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingStopped(String message) {
        super(message);
    }
}
