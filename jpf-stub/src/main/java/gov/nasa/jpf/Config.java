package gov.nasa.jpf;

/**
 * Compile-time stub of JPF's {@code gov.nasa.jpf.Config}: only the method capcheck's listener calls, with
 * jpf-core's signature. Never shipped; under JPF the real class is used.
 */
public class Config {
    /** Under JPF: the integer setting {@code key}, or {@code defValue} when it is not set. */
    public int getInt(String key, int defValue) {
        throw new UnsupportedOperationException("JPF's Config stub: run under JPF");
    }
}
