package ai.piapi.collector.simulator;

import java.util.Random;

/** What the simulator does to one request instead of (or before) answering it properly. */
public enum Fault {
    NONE, RESET, SLOW, ERROR_500, ERROR_429, HTML;

    static Fault draw(SimulatorConfig c, Random random) {
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        double[] rates = {c.resetRate(), c.slowRate(), c.error500Rate(), c.error429Rate(), c.htmlRate()};
        Fault[] faults = {RESET, SLOW, ERROR_500, ERROR_429, HTML};
        double edge = 0;
        for (int i = 0; i < rates.length; i++) {
            edge += rates[i];
            if (roll < edge) {
                return faults[i];
            }
        }
        return NONE;
    }
}
