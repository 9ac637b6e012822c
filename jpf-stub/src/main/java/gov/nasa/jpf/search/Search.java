package gov.nasa.jpf.search;

import gov.nasa.jpf.vm.VM;

/**
 * Compile-time stub of JPF's {@code gov.nasa.jpf.search.Search}: only the methods capcheck's listener
 * calls, with jpf-core's signatures. Never shipped; under JPF the real class is used.
 */
public abstract class Search {
    private static final String MESSAGE = "JPF's Search stub: run under JPF";

    /** Under JPF: whether the state just reached was not seen before. */
    public boolean isNewState() {
        throw new UnsupportedOperationException(MESSAGE);
    }

    /** Under JPF: the depth of the current state (choice generators on the current path). */
    public int getDepth() {
        throw new UnsupportedOperationException(MESSAGE);
    }

    /** Under JPF: the virtual machine being searched. */
    public VM getVM() {
        throw new UnsupportedOperationException(MESSAGE);
    }
}
