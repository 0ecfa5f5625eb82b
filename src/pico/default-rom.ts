import type { RomInstaller } from './pico-machine';
import { bootFromRom, installRom } from './rom/index';

/** The project's own ROM (src/pico/rom), which every Virtual Pico boots with. */
export const projectRom: RomInstaller = {
  install: (rp2040, hooks) => installRom(rp2040, hooks),
  boot: (rp2040) => bootFromRom(rp2040),
};
