/** The commands that install Debian's Chromium, run as root. */
export declare const APT_INSTALL: readonly (readonly string[])[];
/** What {@link planChromium} decided. */
export type ChromiumPlan =
  | { action: 'use'; path: string }
  | { action: 'install'; commands: readonly (readonly string[])[] }
  | { action: 'fail'; message: string };
/** Inputs of the decision (defaults: this process and machine). */
export interface PlanChromiumOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The finder; returns a path or throws. @default findChromium */
  find?: (env: NodeJS.ProcessEnv) => string;
  /** @default process.getuid() === 0 */
  isRoot?: boolean;
  /** @default existsSync('/usr/bin/apt-get') */
  hasApt?: boolean;
}
/** Decides, without side effects, whether to use a Chromium, install Debian's, or fail naming the command. */
export declare function planChromium(options?: PlanChromiumOptions): ChromiumPlan;
/** Carries out the plan; returns the Chromium path or throws with what to do. */
export declare function ensureChromium(options?: PlanChromiumOptions): string;
