package org.capcheck.report;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.engine.Trace;
import org.capcheck.model.multikernel.MessageSequence;
import org.capcheck.model.multikernel.MultikernelAction;
import org.capcheck.model.multikernel.MultikernelModel;
import org.capcheck.model.multikernel.MultikernelState;
import org.capcheck.report.html.SequenceChart;

/**
 * A multikernel trace as a message sequence chart, one lane per core: a delivery is an arrow from the
 * sending core (Barrelfish's monitors exchange the protocol's messages, docs/MULTIKERNEL.md), an
 * application's invocation a note on its core, with what the core sent and completed in response. The
 * steps come from the model's own {@link MessageSequence}, which replays the trace with concrete cores.
 */
final class CoreLanes {
    private CoreLanes() {
    }

    static SequenceChart of(MultikernelModel model, Trace<MultikernelState, MultikernelAction> trace) {
        List<String> lanes = new ArrayList<>();
        for (int c = 0; c < model.cores(); c++) {
            lanes.add("core " + c);
        }
        SequenceChart chart = new SequenceChart(lanes);
        List<MessageSequence.Step> steps = MessageSequence.of(model, trace).steps();
        for (int i = 0; i < steps.size(); i++) {
            MessageSequence.Step step = steps.get(i);
            MultikernelAction a = step.action();
            List<String> lines = new ArrayList<>(step.lines());
            String message = null;
            int from = -1;
            if (a.kind() == MultikernelAction.Kind.DELIVER && !lines.isEmpty()) {
                from = a.from();
                message = lines.remove(0).replaceFirst("^<- c[0-9]+ ", "");
            }
            chart.add(new SequenceChart.Event(i + 1, a.core(), from, message, lines, i == steps.size() - 1));
        }
        return chart;
    }
}
