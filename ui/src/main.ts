/** Production entry: the real Tauri IPC. */
import { tauriApi } from "./ipc";
import { start } from "./start";

void start(tauriApi);
