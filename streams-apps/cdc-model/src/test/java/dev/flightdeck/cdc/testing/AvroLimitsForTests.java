package dev.flightdeck.cdc.testing;

import dev.flightdeck.cdc.AvroLimits;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Applies the apps' Avro limits before any test class loads, as the apps' mains do before anything
 * else: Avro reads them once per JVM. Registered through META-INF/services, so every module whose
 * tests use these fixtures runs with the production limits.
 */
public final class AvroLimitsForTests implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        AvroLimits.applyToThisJvm();
    }
}
