/**
 * How busy the machine was while a scenario ran: the suite's own processes (everything it started
 * is its descendant) and everything else. On a shared 2-core box the alert burst can take tens of
 * seconds, and a fault with a fixed window then meets fewer of the alerts: the report says so.
 */
import { machineBusySeconds, treeCpuSeconds } from '../bench/proc';

export interface MachineLoad {
  /** Share of one core over the scenario: 100 = one core busy throughout. */
  suitePercent: number;
  otherPercent: number;
}

export function loadMeter(): () => MachineLoad {
  const t0 = Date.now();
  const [machine0, suite0] = [machineBusySeconds(), treeCpuSeconds(process.pid)];
  return () => {
    const wallS = Math.max(0.001, (Date.now() - t0) / 1000);
    const suite = treeCpuSeconds(process.pid) - suite0;
    const machine = machineBusySeconds() - machine0;
    return { suitePercent: Math.round((suite / wallS) * 100), otherPercent: Math.max(0, Math.round(((machine - suite) / wallS) * 100)) };
  };
}
