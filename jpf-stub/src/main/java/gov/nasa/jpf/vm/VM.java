package gov.nasa.jpf.vm;

/**
 * Compile-time stub of JPF's {@code gov.nasa.jpf.vm.VM}: only the method capcheck's listener calls, with
 * jpf-core's signature. Never shipped; under JPF the real class is used.
 */
public abstract class VM {
    /** Under JPF: the choice generators along the current path, oldest first. */
    public ChoiceGenerator<?>[] getChoiceGenerators() {
        throw new UnsupportedOperationException("JPF's VM stub: run under JPF");
    }
}
