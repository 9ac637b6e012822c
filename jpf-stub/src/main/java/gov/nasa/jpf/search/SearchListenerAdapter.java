package gov.nasa.jpf.search;

/**
 * Compile-time stub of JPF's {@code gov.nasa.jpf.search.SearchListenerAdapter}: only the callbacks
 * capcheck's listener overrides, with jpf-core's signatures. Never shipped; under JPF the real class
 * (which implements every {@code SearchListener} callback) is used.
 */
public class SearchListenerAdapter {
    /** Under JPF: a transition reached a state (new or already visited). */
    public void stateAdvanced(Search search) {
    }

    /** Under JPF: a property (here: no uncaught exception) was violated. */
    public void propertyViolated(Search search) {
    }

    /** Under JPF: the search ended. */
    public void searchFinished(Search search) {
    }
}
