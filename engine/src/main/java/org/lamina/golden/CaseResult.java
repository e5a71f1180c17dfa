package org.lamina.golden;

/**
 * The outcome of one golden case on one backend.
 *
 * @param name the case
 * @param op its op
 * @param status pass, fail or skip
 * @param maxAbsError largest {@code |got - expected|} over every checked tensor
 * @param maxRelError largest {@code |got - expected| / |expected|} over the values that are not
 *     tiny (at least a thousandth of their tensor's largest magnitude), where relative error means
 *     something
 * @param detail why it failed or was skipped; empty on a pass
 */
public record CaseResult(String name, String op, Status status, double maxAbsError, double maxRelError,
        String detail) {

    /** Whether a case passed, failed or was not run. */
    public enum Status {
        PASS, FAIL, SKIP
    }

    static CaseResult skip(GoldenCase c, String why) {
        return new CaseResult(c.name(), c.op(), Status.SKIP, Double.NaN, Double.NaN, why);
    }

    static CaseResult fail(GoldenCase c, String why) {
        return new CaseResult(c.name(), c.op(), Status.FAIL, Double.NaN, Double.NaN, why);
    }
}
