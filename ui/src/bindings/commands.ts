// Generated from src-tauri/src/commands.rs by `cargo test -p thidua-app`; do not edit.

import { invoke } from "@tauri-apps/api/core";
import type { AppState, HeaderDefaults, Installation, Level, PeriodInfo, RecordId, SetupInput, StatusReport, Unit, UnitQuery } from "./types";

export function app_state(): Promise<AppState> {
  return invoke("app_state");
}

export function list_units(query: UnitQuery): Promise<Array<Unit>> {
  return invoke("list_units", { query });
}

export function levels(): Promise<Array<Level>> {
  return invoke("levels");
}

export function header_defaults(unit_id: RecordId): Promise<HeaderDefaults> {
  return invoke("header_defaults", { unit_id });
}

export function setup(input: SetupInput): Promise<Installation> {
  return invoke("setup", { input });
}

export function install_sample(): Promise<Installation> {
  return invoke("install_sample");
}

export function status(): Promise<StatusReport> {
  return invoke("status");
}

export function periods(): Promise<Array<PeriodInfo>> {
  return invoke("periods");
}
