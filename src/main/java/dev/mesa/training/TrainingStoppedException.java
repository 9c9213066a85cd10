package dev.mesa.training;

/** A loop stopped at a step boundary because its listener asked it to; its checkpoint is up to date. */
public class TrainingStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingStoppedException(String loop, long step) {
        super(loop + " stopped on request at step " + step + " (checkpoint written)");
    }
}
