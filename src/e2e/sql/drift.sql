-- Prequential classification with conformal prediction sets, and density scores, of a generated
-- stream, in SQL on Flink 2.2. Run it from the repository root: its paths are relative to it, and
-- /tmp/flink-drift-sql receives the two output tables.
SET 'execution.checkpointing.interval' = '2s';
SET 'parallelism.default' = '2';
SET 'table.dml-sync' = 'true';

CREATE FUNCTION classify AS 'io.flinkdrift.operators.sql.PrequentialClassification'
    USING JAR 'jobs/target/flink-drift-jobs-flink2.2-cluster.jar';
CREATE FUNCTION conformal_sets AS 'io.flinkdrift.operators.sql.ConformalSets'
    USING JAR 'jobs/target/flink-drift-jobs-flink2.2-cluster.jar';
CREATE FUNCTION density AS 'io.flinkdrift.operators.sql.DensityScores'
    USING JAR 'jobs/target/flink-drift-jobs-flink2.2-cluster.jar';

-- 6,000 rows over four keys; the label says whether x + y > 1, a concept that flips at row 3,000;
-- every tenth row is unlabelled, and every 500th has three features instead of two.
CREATE TABLE ticks (id BIGINT) WITH (
    'connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '5999');
CREATE TEMPORARY VIEW points AS
    SELECT id, MOD(id * 7919, 1000) / 1000e0 AS x, MOD(id * 104729, 997) / 997e0 AS y FROM ticks;
CREATE TEMPORARY VIEW examples AS
    SELECT id, 'k' || CAST(MOD(id, 4) AS STRING) AS k,
           CASE WHEN MOD(id, 500) = 499 THEN ARRAY[x, y, 0.5e0] ELSE ARRAY[x, y] END AS features,
           CASE WHEN MOD(id, 10) = 9 THEN CAST(NULL AS INT)
                WHEN (x + y > 1) = (id < 3000) THEN 1 ELSE 0 END AS label
    FROM points;

-- The classifier's class probabilities, before it learns each row's label.
CREATE TEMPORARY VIEW classified AS
    SELECT id, k, label, prediction, probabilities, model_version, rejection AS classify_rejection
    FROM classify(input => TABLE examples PARTITION BY k, learner => 'kalman', params => 'gamma=0.99',
                  uid => 'classify');

CREATE TABLE predictions (id BIGINT, k STRING, label INT, prediction INT, model_version BIGINT, rejection STRING,
                          set_size INT, loss DOUBLE, stream_index BIGINT, set_rejection STRING)
    WITH ('connector' = 'filesystem', 'path' = '/tmp/flink-drift-sql/predictions', 'format' = 'csv');
CREATE TABLE scores (id BIGINT, k STRING, log_density DOUBLE, added BOOLEAN, drift BOOLEAN)
    WITH ('connector' = 'filesystem', 'path' = '/tmp/flink-drift-sql/scores', 'format' = 'csv');

-- Conformal PID control of each key's sets at a miscoverage of 0.1; every labelled row calibrates,
-- as the classifier predicted it before learning from it.
INSERT INTO predictions
    SELECT id, k, label, prediction, model_version, classify_rejection, set_size, loss, stream_index, rejection
    FROM conformal_sets(input => TABLE classified PARTITION BY k, controller => 'pid',
                        params => 'alpha=0.1, calibrateEvery=1', uid => 'conformal');
INSERT INTO scores
    SELECT id, k, log_density, added, drift
    FROM density(input => TABLE examples PARTITION BY k, estimator => 'adaptive', params => 'bins=8',
                 uid => 'density');
