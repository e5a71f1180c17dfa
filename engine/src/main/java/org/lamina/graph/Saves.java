package org.lamina.graph;

/** The forward tensors a layer's backward rule needs kept (besides what it saves itself). */
public enum Saves {
    NOTHING, INPUTS, OUTPUT, INPUTS_AND_OUTPUT;

    public boolean inputs() {
        return this == INPUTS || this == INPUTS_AND_OUTPUT;
    }

    public boolean output() {
        return this == OUTPUT || this == INPUTS_AND_OUTPUT;
    }
}
