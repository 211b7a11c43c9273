/**
 * The shape of the one bound store: each slice is typed against the whole state, so an action in
 * one slice may read another (the zustand slices pattern). Middleware sits only on the combined
 * store (see `create-studio-store.ts`), never inside a slice.
 */
import type { StateCreator } from 'zustand';
import type { CatalogSlice } from './catalog-slice.js';
import type { DocumentSlice } from './document-slice.js';
import type { RunSlice } from './run-slice.js';
import type { UiSlice } from './ui-slice.js';
import type { FirstRunSlice } from './first-run-slice.js';

export type StudioState = DocumentSlice & UiSlice & CatalogSlice & RunSlice & FirstRunSlice;

/** Middleware applied to the combined store; slices declare it so `set`/`get` are typed right. */
export type StudioMiddleware = [['zustand/subscribeWithSelector', never]];

/** A slice creator typed against the whole store. */
export type SliceCreator<T> = StateCreator<StudioState, StudioMiddleware, [], T>;
