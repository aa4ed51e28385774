/**
 * Drift-aware density estimation (docs/density.md): estimates of the <em>current</em> distribution
 * of a stream whose distribution drifts at an unknown rate, after Mazzetto and Upfal,
 * "Nonparametric density estimation under distribution drift" (ICML 2023) and "An adaptive algorithm
 * for learning with unknown distribution drift" (NeurIPS 2023). Flink-free.
 *
 * <ul>
 *   <li>{@link io.flinkdrift.core.density.Binning}: categorical alphabet with an "other" bin, or a
 *       regular grid (1-D histogram, product grid for d &lt;= 3);
 *   <li>{@link io.flinkdrift.core.density.DyadicWindowCounts}: exact bin counts of the nested
 *       windows 2^j in O(J) per element;
 *   <li>{@link io.flinkdrift.core.density.WindowSelector}: the data-driven window choice, with a
 *       threshold that bounds the false-shrink probability over the whole stream by delta;
 *   <li>estimators behind {@link io.flinkdrift.core.density.DensityEstimator}: the adaptive histogram,
 *       the adaptive Gaussian KDE, and the fixed-window and exponential-forgetting baselines, each
 *       with a nested {@code Codec} for Flink state.
 * </ul>
 */
package io.flinkdrift.core.density;
