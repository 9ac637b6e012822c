package gov.nasa.jpf.vm;

/**
 * Compile-time stub of JPF's {@code gov.nasa.jpf.vm.ChoiceGenerator}: only the methods capcheck's
 * listener calls, with jpf-core's signatures. Never shipped; under JPF the real interface is used.
 *
 * @param <T> the type of the choices
 */
public interface ChoiceGenerator<T> {
    /** The choice currently taken. */
    T getNextChoice();

    /** What created it, e.g. {@code verifyGetInt(II)} for {@code Verify.getInt(int, int)}. */
    String getId();
}
