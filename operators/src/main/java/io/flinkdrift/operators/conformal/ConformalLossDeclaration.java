package io.flinkdrift.operators.conformal;

import io.flinkdrift.operators.params.NamedParamDeclaration;
import io.flinkdrift.operators.params.ParamDeclaration;

import java.util.Map;
import java.util.function.Function;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;

/**
 * One loss of conformal risk control, declared once: its name, what it does, what it answers
 * ({@link Answers}), its params (Flink ML {@link Param}s from mixins such as {@link HasLossBound})
 * and the {@link ConformalTask} it makes of their values. See {@link ConformalRegistry}. Immutable.
 */
public final class ConformalLossDeclaration extends NamedParamDeclaration {

    /** What a loss controls, and so which model output and truth it reads. */
    public enum Answers {
        /** Intervals [ŷ − λ, ŷ + λ] around a point prediction; the truth is a real value. */
        INTERVALS,
        /** Class sets {k : p<sub>k</sub> ≥ 1 − λ} over class probabilities; the truth is a class index. */
        SETS,
        /** Label sets over per-label scores; the truth is the bitmask of the positive labels. */
        MULTILABEL_SETS
    }

    private final Answers answers;
    private final boolean miscoverage;
    private final Function<WithParams<?>, ConformalTask> task;

    private ConformalLossDeclaration(String name, String description, Answers answers, boolean miscoverage,
            Map<Param<?>, Object> params, Function<WithParams<?>, ConformalTask> task) {
        super("loss", name, description, params);
        this.answers = answers;
        this.miscoverage = miscoverage;
        this.task = task;
    }

    /**
     * A loss, named as {@code --loss} takes it, with the params of {@code mixins}.
     *
     * @param miscoverage whether the loss is 1 when the truth is outside the answer and 0 inside, so
     *     that its risk is one minus the coverage
     */
    public static ConformalLossDeclaration of(String name, String description, Answers answers, boolean miscoverage,
            Function<WithParams<?>, ConformalTask> task, Class<?>... mixins) {
        return new ConformalLossDeclaration(name, description, answers, miscoverage,
                ParamDeclaration.ofMixins(mixins), task);
    }

    public Answers answers() {
        return answers;
    }

    /** Whether the loss answers with intervals around a point prediction (otherwise with sets over scores). */
    public boolean intervals() {
        return answers == Answers.INTERVALS;
    }

    /** Whether the risk of this loss is one minus the coverage of its answers. */
    public boolean miscoverage() {
        return miscoverage;
    }

    /**
     * The task with {@code values} of the loss's params.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public ConformalTask task(WithParams<?> values) {
        return task.apply(values);
    }
}
