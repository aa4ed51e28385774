package io.flinkdrift.operators.conformal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model's {@link Prediction} with its conformal risk control answer: the threshold λ̂, the
 * prediction set C<sub>λ̂</sub> (an interval for regression, class or label indices otherwise) and,
 * when the truth is known, the loss that set realised.
 *
 * <p>A Flink POJO. Intervals have {@link #lower} &le; {@link #upper} and an empty {@link #set};
 * sets have NaN bounds. {@link #size} is the interval width (2λ̂) or the number of set members.
 */
public class ConformalPrediction {

    public long id;
    public String key = Example.DEFAULT_KEY;
    public long timestamp;

    /** The truth, a class index or a real target; NaN when unknown or multilabel: {@link Prediction#label}. */
    public double label = Double.NaN;

    /** A multilabel truth, the positive labels ascending; null otherwise: {@link Prediction#positiveLabels}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public int[] positiveLabels;

    /** The model's point prediction (predicted value or class index). */
    public double prediction = Double.NaN;

    /** The model's class probabilities or label scores; empty for regression. */
    public double[] probabilities = new double[0];

    /** Number of updates the model had received when it predicted. */
    public long modelVersion;

    /** The names of the class indices in {@link #prediction}, {@link #label}, {@link #set}: {@link Prediction#classes}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public String[] classes = Example.NO_CLASSES;

    /** The 0-based index of the element in its key's stream (the arrival position of the weights). */
    public long streamIndex;

    /** Whether the element calibrates the controller (otherwise it may train the model). */
    public boolean calibrates;

    /** λ̂. */
    public double lambda = Double.NaN;

    /** Lower end of the interval; NaN for sets. */
    public double lower = Double.NaN;

    /** Upper end of the interval; NaN for sets. */
    public double upper = Double.NaN;

    /** Members of the set, ascending; empty for intervals. */
    public int[] set = new int[0];

    /** Interval width or set size. */
    public double size = Double.NaN;

    /** N<sub>w</sub>, the effective calibration sample size λ̂ rests on. */
    public double weightSum;

    /** True when no grid value met the target and λ̂ = λ<sub>max</sub> was returned. */
    public boolean infeasible;

    /** L(λ̂) for this element's truth; NaN when unlabelled or the truth was invalid. */
    public double loss = Double.NaN;

    /** Mean realised loss over the key's labelled elements so far, this one included. */
    public double runningRisk = Double.NaN;

    public ConformalPrediction() {}

    /** Copies the identity and the model's answer from {@code prediction}. */
    public ConformalPrediction(Prediction prediction) {
        this.id = prediction.id;
        this.key = prediction.key;
        this.timestamp = prediction.timestamp;
        this.label = prediction.label;
        this.positiveLabels = prediction.positiveLabels;
        this.prediction = prediction.prediction;
        this.probabilities = prediction.probabilities;
        this.modelVersion = prediction.modelVersion;
        this.classes = prediction.classes;
    }

    /** A copy (arrays shared: they are never modified in place). */
    public ConformalPrediction copy() {
        ConformalPrediction c = new ConformalPrediction(toPrediction());
        c.streamIndex = streamIndex;
        c.calibrates = calibrates;
        c.lambda = lambda;
        c.lower = lower;
        c.upper = upper;
        c.set = set;
        c.size = size;
        c.weightSum = weightSum;
        c.infeasible = infeasible;
        c.loss = loss;
        c.runningRisk = runningRisk;
        return c;
    }

    /** The model's {@link Prediction} this answer was made for. */
    public Prediction toPrediction() {
        Prediction p = new Prediction();
        p.id = id;
        p.key = key;
        p.timestamp = timestamp;
        p.label = label;
        p.positiveLabels = positiveLabels;
        p.prediction = prediction;
        p.probabilities = probabilities;
        p.modelVersion = modelVersion;
        p.classes = classes;
        return p;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConformalPrediction)) {
            return false;
        }
        ConformalPrediction that = (ConformalPrediction) o;
        return id == that.id && timestamp == that.timestamp && modelVersion == that.modelVersion
                && streamIndex == that.streamIndex && calibrates == that.calibrates
                && infeasible == that.infeasible && Objects.equals(key, that.key)
                && Double.compare(label, that.label) == 0 && Double.compare(prediction, that.prediction) == 0
                && Double.compare(lambda, that.lambda) == 0 && Double.compare(lower, that.lower) == 0
                && Double.compare(upper, that.upper) == 0 && Double.compare(size, that.size) == 0
                && Double.compare(weightSum, that.weightSum) == 0 && Double.compare(loss, that.loss) == 0
                && Double.compare(runningRisk, that.runningRisk) == 0 && Arrays.equals(set, that.set)
                && Arrays.equals(probabilities, that.probabilities) && Arrays.equals(classes, that.classes)
                && Arrays.equals(positiveLabels, that.positiveLabels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, key, streamIndex, lambda, loss);
    }

    @Override
    public String toString() {
        return "ConformalPrediction{id=" + id + ", key='" + key + "', index=" + streamIndex + ", lambda=" + lambda
                + ", lower=" + lower + ", upper=" + upper + ", set=" + Arrays.toString(set) + ", loss=" + loss
                + ", runningRisk=" + runningRisk + ", infeasible=" + infeasible + '}';
    }
}
