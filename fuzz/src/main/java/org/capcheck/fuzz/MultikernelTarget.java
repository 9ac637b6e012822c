package org.capcheck.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.capcheck.model.multikernel.MessageSequence;
import org.capcheck.model.multikernel.MultikernelAction;
import org.capcheck.model.multikernel.MultikernelModel;
import org.capcheck.model.multikernel.MultikernelState;
import org.capcheck.multikernel.Ops;
import org.capcheck.multikernel.Protocol;

/**
 * The {@code multikernel} target: random walks over the per-core machines ({@code org.capcheck.multikernel.Core},
 * driven through cap-model's {@link MultikernelModel}) with a randomized message scheduler: at each step
 * either an idle application invokes a distributed operation (copy, delete, revoke, retype) or the oldest
 * message of a random non-empty channel is delivered (FIFO per ordered pair of cores, as the host must
 * keep it), deliveries weighing {@link #DELIVERY_WEIGHT} times a new request. Every protocol property of
 * docs/MULTIKERNEL.md is checked after every step. A violation is shrunk by delta debugging over the
 * schedule and saved as captrace v2 (docs/captrace-v2.md): the inputs of each step (an {@code op} or
 * {@code recv} line) and what it sent, completed and raised; {@code capcheck fuzz --replay FILE} re-runs it.
 */
public final class MultikernelTarget implements Target {
    /** How much more likely a delivery is than a new request, per enabled action. */
    static final int DELIVERY_WEIGHT = 3;
    /** Operations one application may issue in a walk (the model's bound, at its maximum). */
    static final int OPS_PER_CORE = 15;

    static final List<String> OPERATIONS = List.of("copy RAM", "copy Frame", "delete RAM", "delete Frame",
            "revoke RAM", "retype RAM", "deliver");

    private final int cores;
    private final Protocol protocol;

    /**
     * @param cores    2 to 4
     * @param protocol the variant the cores run ("capcheck", or "barrelfish" with its known bugs)
     */
    public MultikernelTarget(int cores, Protocol protocol) {
        if (cores < 2 || cores > 4) {
            throw new IllegalArgumentException("--cores must be 2 to 4, not " + cores);
        }
        this.cores = cores;
        this.protocol = protocol;
    }

    @Override
    public String name() {
        return "multikernel";
    }

    public int cores() {
        return cores;
    }

    public Protocol protocol() {
        return protocol;
    }

    @Override
    public List<String> operationNames() {
        return OPERATIONS;
    }

    MultikernelModel model() {
        return new MultikernelModel(cores, protocol, OPS_PER_CORE, false);
    }

    static int row(MultikernelAction a) {
        if (a.kind() == MultikernelAction.Kind.DELIVER) {
            return 6;
        }
        switch (a.op()) {
            case Ops.COPY:
                return a.capKind() == Ops.RAM ? 0 : 1;
            case Ops.DELETE:
                return a.capKind() == Ops.RAM ? 2 : 3;
            case Ops.REVOKE:
                return 4;
            default:
                return 5;
        }
    }

    @Override
    public Finding run(CampaignOptions o, Statistics stats, Stop stop, Consumer<String> progress) throws IOException {
        MultikernelModel model = model();
        ModelCampaign<MultikernelState, MultikernelAction> campaign = Campaign.over(model).seed(o.seed())
                .runLength(o.runLength())
                .weights(a -> a.kind() == MultikernelAction.Kind.DELIVER ? DELIVERY_WEIGHT : 1);
        long[] nextProgress = {System.nanoTime() + 1_000_000_000L};
        ModelCampaign.Result r = campaign.run(stop, new ModelCampaign.Listener<>() {
            @Override
            public void step(MultikernelAction action, MultikernelState after, long fingerprint) {
                stats.countOnly(row(action));
                stats.checked(fingerprint, 0);
                if ((stats.ops() & 1023) == 0 && System.nanoTime() >= nextProgress[0]) {
                    progress.accept(stats.progressLine());
                    nextProgress[0] = System.nanoTime() + 1_000_000_000L;
                }
            }

            @Override
            public void walk() {
                stats.run();
            }
        });
        ModelCampaign.Failure f = r.failure();
        if (f == null) {
            return null;
        }
        List<MultikernelAction> actions = ModelCampaign.walk(model, f.initial(), f.actions()).taken;
        MessageSequence seq = MessageSequence.ofActions(model, actions);
        Path file = o.outDir().resolve("fuzz-multikernel-" + protocol.name() + "-" + cores + "cores-seed"
                + Long.toUnsignedString(o.seed()) + ".jsonl");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, MultikernelReproducer.text(seq, f), StandardCharsets.UTF_8);
        List<String> steps = new ArrayList<>(f.actions());
        StringBuilder message = new StringBuilder("multikernel property violated: ").append(f.property()).append('\n');
        for (String line : f.explanation()) {
            message.append("  ").append(line).append('\n');
        }
        message.append(seq.lanes());
        return new Finding(new Violation(steps.size() - 1, Violation.Kind.PROPERTY, message.toString()), f.foundAfter(),
                f.originalSteps(), steps, file, "capcheck fuzz --replay " + file);
    }
}
