package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.HasAlpha;
import io.flinkdrift.operators.conformal.HasCalibrateEvery;
import io.flinkdrift.operators.conformal.HasLambdaGrid;
import io.flinkdrift.operators.conformal.HasLossBound;
import io.flinkdrift.operators.conformal.HasRhoExperts;
import io.flinkdrift.operators.conformal.HasWeights;
import io.flinkdrift.operators.learners.ParamValues;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformal settings of the command line, generated from {@link ConformalRegistry}: {@code
 * --conformal NAME=VALUE,...} read into the same params as the {@code conformal} job's options, one
 * option per param in {@code --help}, and a setting the chosen controller or loss does not take
 * refused with one line.
 */
class ConformalOptionsTest {

    @Test
    void theCompactFormSetsTheParamsOfTheLossAndTheController() {
        ConformalSetup setup = ConformalOptions.parse(
                "loss=absolute,bound=2,alpha=0.05,grid=0:5:251,calibrate-every=3,weights=time,rho=0.9,warm-up=100",
                ConformalRegistry.loss("interval"));
        ConformalBuilder builder = setup.builder();
        assertEquals("absolute", builder.loss().name());
        assertEquals("nex-crc", builder.controller().name());
        assertEquals(100, setup.warmUp());
        assertEquals(2.0, builder.lossValues().get(HasLossBound.BOUND));
        ParamValues controller = builder.controllerValues();
        assertEquals(0.05, controller.get(HasAlpha.ALPHA));
        assertEquals("0:5:251", controller.get(HasLambdaGrid.GRID));
        assertEquals(3, controller.get(HasCalibrateEvery.CALIBRATE_EVERY));
        assertEquals("time", controller.get(HasWeights.WEIGHTS));
        assertEquals(0.9, controller.get(HasWeights.RHO));
        assertEquals(3_600_000.0, controller.get(HasWeights.TAU));

        ConformalSetup experts = ConformalOptions.parse("controller=rho-experts,rhos=0.99;0.999,expert-rate=10",
                ConformalRegistry.loss("set"));
        assertEquals("set", experts.builder().loss().name());
        assertArrayEquals(new Double[] {0.99, 0.999}, experts.builder().controllerValues().get(HasRhoExperts.RHOS));
        assertEquals(10.0, experts.builder().controllerValues().get(HasRhoExperts.EXPERT_RATE));
        assertEquals(0, experts.warmUp());
    }

    @Test
    void theCompactFormRefusesUnknownNamesAndSettingsTheControllerDoesNotTake() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ConformalOptions.parse("alpha=0.1,window=5", ConformalRegistry.loss("set"))).getMessage()
                .startsWith("--conformal: conformal control has no param 'window'"));
        assertEquals("--conformal must be name=value pairs separated by commas, got 'alpha'",
                assertThrows(IllegalArgumentException.class,
                        () -> ConformalOptions.parse("alpha", ConformalRegistry.loss("set"))).getMessage()
                        .replaceFirst("^--conformal: ", ""));
        ConformalSetup pid = ConformalOptions.parse("controller=pid,rho=0.99", ConformalRegistry.loss("set"));
        assertEquals("param rho does not apply to controller pid or loss set",
                assertThrows(IllegalArgumentException.class, pid::build).getMessage());
    }

    /** Every param of every controller and loss is one option of {@code conformal --help}, with its default. */
    @Test
    void helpListsEveryParamOnceWithTheControllersThatTakeIt() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = FlinkDrift.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        assertEquals(0, commandLine.execute("conformal", "--help"));
        String help = out.toString();
        for (String option : List.of("--alpha", "--grid", "--calibrate-every", "--weights", "--rho", "--tau",
                "--capacity", "--bandwidth", "--gamma", "--eta", "--integral-gain", "--saturation", "--rhos",
                "--expert-rate", "--share", "--bound", "--loss", "--controller", "--warm-up")) {
            Matcher declared = Pattern.compile("^\\s+" + option + "=", Pattern.MULTILINE).matcher(help);
            assertTrue(declared.find(), option + " in\n" + help);
            assertTrue(!declared.find(), option + " twice in\n" + help);
        }
        String text = help.replaceAll("\\s+", " ");
        assertTrue(text.contains("nex-crc, aci: Decay per element of exponential weights, in (0, 1]. Default: 0.99."),
                help);
        assertTrue(text.contains("aci, rho-experts: Step of the adaptive level"), help);
        assertTrue(text.contains("pid: Proportional step, in units of lambda; none: 0.05 times the grid's range. "
                + "Default: none."), help);
    }

    @Test
    void anOptionTheChosenControllerDoesNotTakeIsAOneLineError() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = FlinkDrift.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertEquals(2, commandLine.execute("conformal", "--source", "file:/nonexistent.csv", "--prediction", "yhat",
                "--label", "y", "--controller", "pid", "--rho", "0.9"));
        assertEquals("error: --rho does not apply to controller pid (see 'conformal --help')", err.toString().strip());
    }
}
