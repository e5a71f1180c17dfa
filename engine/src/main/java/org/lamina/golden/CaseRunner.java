package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;

/** Runs the cases of one op (or a family of ops) through Lamina. */
public interface CaseRunner {

    /**
     * Runs {@code c} on {@code backend} and returns every tensor it computed, by the case's tensor
     * names ({@code output}, {@code grad_input}, ...).
     */
    Map<String, float[]> run(GoldenCase c, Backend backend);
}
