package io.flinkdrift.jobs;

import io.flinkdrift.jobs.ann.AnnJob;
import io.flinkdrift.jobs.classify.ClassifyJob;
import io.flinkdrift.jobs.conformal.ConformalJob;
import io.flinkdrift.jobs.density.DensityJob;
import io.flinkdrift.jobs.regress.RegressJob;
import io.flinkdrift.jobs.runtime.RunFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.OptionalInt;

/**
 * Entry point of {@code flink-drift-jobs.jar}: {@code java -jar flink-drift-jobs.jar <job>
 * [options]} runs a job on an embedded mini-cluster, {@code flink run flink-drift-jobs.jar <job>
 * [options]} on a cluster. Exit codes: 0 success, 1 the job failed or could not start (one {@code
 * error:} line with the root cause), 2 bad options.
 */
@Command(
        name = "flink-drift-jobs.jar",
        mixinStandardHelpOptions = true,
        versionProvider = FlinkDrift.Version.class,
        description = "Stateful Flink jobs for machine learning on drifting streams.%n"
                + "Run '<job> --help' for a job's options and their defaults.",
        subcommands = {ClassifyJob.class, RegressJob.class, DensityJob.class, ConformalJob.class, AnnJob.class},
        synopsisSubcommandLabel = "<job>")
public final class FlinkDrift implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing job name");
    }

    public static void main(String[] args) throws Exception {
        OptionalInt tunedRun = StartupTunedLaunch.run(args);
        System.exit(tunedRun.isPresent() ? tunedRun.getAsInt() : commandLine().execute(args));
    }

    /** The command line with flink-drift's error handling: bad options are one line and exit 2. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FlinkDrift());
        // Unknown options reach CommonOptions#unmatched, which accepts only --kafka.NAME=VALUE.
        commandLine.getSubcommands().values().forEach(job -> {
            job.setUnmatchedArgumentsAllowed(true);
            job.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        });
        commandLine.setUsageHelpWidth(100);
        commandLine.setParameterExceptionHandler((error, args) -> {
            PrintWriter err = error.getCommandLine().getErr();
            String command = error.getCommandLine().getCommandName();
            String firstLine = error.getMessage().lines().findFirst().orElse("");
            err.println("error: " + firstLine + " (see '" + command + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((error, cl, parseResult) -> {
            cl.getErr().println(error instanceof RunFailure
                    ? "error: " + error.getMessage()
                    : "error: job failed: " + rootMessage(error));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + ": " + message;
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FlinkDrift.class.getPackage().getImplementationVersion();
            return new String[] {"flink-drift " + (version == null ? "(development build)" : version)};
        }
    }
}
