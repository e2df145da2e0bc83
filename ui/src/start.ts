/** Bootstraps the popover over any {@link Api}: loads the report and follows the watcher. */
import type { Api } from "./ipc";
import { createStore, type Store } from "./model/store";
import { mount } from "./views/app";
import "./styles.css";

export async function start(api: Api, root: HTMLElement = document.getElementById("app")!): Promise<Store> {
  const store = createStore(api, { clipboard: api.copyText ? (text) => api.copyText!(text) : undefined });
  mount(root, store);
  try {
    await api.onReport((report) => store.receiveReport(report));
  } catch {
    /* No watcher events: "Check now" still works. */
  }
  await store.load();
  return store;
}
