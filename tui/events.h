/* SPDX-License-Identifier: MIT */
/* events.h - the one input choke point and what runs while input is idle.
 *
 * Every key comes through events_next_key (or the main loop's
 * events_main_key): from the key script when one runs (script.h), else
 * from the keyboard (keyboard.h), and is traced (trace.h). While no key is
 * waiting, events_settle runs the loads views asked for (View.load_pending)
 * and paints their results, then lets the top view read ahead; a key that
 * arrives meanwhile stops a load between statements
 * (tui_interruptible_begin in tui.h), which then runs again at the next
 * settle. So typing never waits for a query. */
#ifndef PEAT_TUI_EVENTS_H
#define PEAT_TUI_EVENTS_H

#include "tui.h"

/* events_main_key's answer when fetches are in flight and no key came
 * within FETCH_TICK_MS: time to show their progress. */
#define KEY_FETCH_TICK (-2)

/* The next key, waiting as long as it takes; -1 at the end of a key
 * script or when a signal asked the explorer to end. */
int events_next_key(Tui *t);
/* The main loop's key: as events_next_key, but while fetches are in
 * flight (fetch.h) the wait ends after FETCH_TICK_MS with KEY_FETCH_TICK. */
int events_main_key(Tui *t);
/* Is a key waiting (or, in a key script, typed ahead by a `:type`)? */
int events_pending(void);
/* While no key is waiting: run the top view's pending loads and paint
 * their results, with `overlay` (may be NULL) drawn on top (a prompt
 * line); then let the view read ahead. */
void events_settle(Tui *t, void (*overlay)(Tui *, void *), void *ctx);

#endif
