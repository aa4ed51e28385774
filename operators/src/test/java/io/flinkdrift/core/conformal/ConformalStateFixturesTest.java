package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateFixtureFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * State written by every format version of every conformal controller codec (byte fixtures in
 * {@code src/test/resources/conformal}, see {@link ConformalStateFixtures}) restores equal to the
 * state that was written, and the current format's bytes are unchanged.
 */
class ConformalStateFixturesTest {

    @Test
    void everyFormatVersionOfEveryControllerStateRestores() throws IOException {
        for (Map.Entry<String, ConformalStateFixtures.Fixture<?>> entry : ConformalStateFixtures.all().entrySet()) {
            assertFixturesRestore(entry.getKey(), entry.getValue());
        }
    }

    @Test
    void currentFormatBytesMatchTheFixtures() throws IOException {
        for (Map.Entry<String, ConformalStateFixtures.Fixture<?>> entry : ConformalStateFixtures.all().entrySet()) {
            ConformalStateFixtures.Fixture<?> fixture = entry.getValue();
            assertArrayEquals(StateFixtureFiles.load("conformal", entry.getKey(), fixture.codec.version()),
                    ConformalStateFixtures.currentBytes(fixture), entry.getKey());
        }
    }

    private static <T> void assertFixturesRestore(String name, ConformalStateFixtures.Fixture<T> fixture)
            throws IOException {
        for (int version = 1; version <= fixture.codec.version(); version++) {
            T restored = StateFixtureFiles.decode(fixture.codec, StateFixtureFiles.load("conformal", name, version));
            assertEquals(fixture.state.get(), restored, name + " v" + version);
        }
    }
}
