/* SPDX-License-Identifier: MIT */
/* events.c - the one input choke point and what runs while input is idle
 * (see events.h). */
#include "events.h"

#include "fetch.h"
#include "keyboard.h"
#include "script.h"
#include "terminal.h"
#include "trace.h"

/* While fetches run, the wait for a key ends this often so that their
 * progress and results are shown; otherwise the wait is unbounded. */
#define FETCH_TICK_MS 100

/* Reading ahead waits for the first key: until then the user is looking at
 * the first screen, and `peat` then `q` costs only that screen. */
static int any_key_read;

/* ---- keys ---- */

int events_next_key(Tui *t)
{
	int key = script_active() ? script_key(t) : keyboard_read();
	if (key >= 0) {
		trace_key(key);
		any_key_read = 1;
	}
	return key;
}

int events_main_key(Tui *t)
{
	if (script_active() || !fetch_busy(t))
		return events_next_key(t);
	wint_t ch;
	timeout(FETCH_TICK_MS);
	int rc = get_wch(&ch);
	int key = rc == ERR ? KEY_FETCH_TICK : keyboard_key(rc, ch, FETCH_TICK_MS);
	timeout(-1);
	if (term_signal())
		return -1;
	/* A dropped sequence is a tick: the loop comes back for a key. */
	if (key == KEY_SWALLOWED)
		return KEY_FETCH_TICK;
	if (key != KEY_FETCH_TICK) {
		trace_key(key);
		any_key_read = 1;
	}
	return key;
}

int events_pending(void)
{
	return script_active() ? script_typing_pending() : keyboard_pending();
}

/* ---- long queries that input interrupts ---- */

/* SQLite calls this every few thousand steps of a statement. */
static int stop_for_input(void *ctx)
{
	Tui *t = ctx;
	if (script_interrupt_armed())
		script_interrupt_disarm();
	else if (!events_pending() && !term_signal())
		return 0;
	t->interrupted = 1;
	return 1;
}

void tui_interruptible_begin(Tui *t)
{
	if (t->interruptible++ == 0)
		/* About every 0.1 ms of work: the poll() costs a microsecond. */
		sqlite3_progress_handler(store_db(t->store), script_interrupt_armed() ? 1 : 20000, stop_for_input, t);
}

void tui_interruptible_end(Tui *t)
{
	if (t->interruptible > 0 && --t->interruptible == 0)
		sqlite3_progress_handler(store_db(t->store), 0, NULL, NULL);
}

/* ---- what runs while input is idle ---- */

/* Run a pending load now that input is idle, and draw the view with its
 * results (the rows of the first screen are read while drawing, so that
 * too can be interrupted). `overlay` (may be NULL) draws what lies on top
 * of the view, a prompt line. A load that input interrupted stays pending
 * and nothing is painted: the screen keeps what it showed. A load may ask
 * for another after it (load_pending set again: the count of a filter's
 * matches after its first screen); that one runs next, while input stays
 * idle, and is traced as "counted". */
static void settle_once(Tui *t, void (*overlay)(Tui *, void *), void *ctx, int followup);

void events_settle(Tui *t, void (*overlay)(Tui *, void *), void *ctx)
{
	/* An interrupted load is tried again at the next settle, not here. */
	for (int followup = 0; t->view && t->view->load_pending && !events_pending(); followup = 1) {
		settle_once(t, overlay, ctx, followup);
		if (t->interrupted)
			return;
	}
	/* A script's :interrupt-next-load is for a load, not for reading ahead. */
	if (any_key_read && t->view && !t->view->load_pending && t->view->ops->read_ahead && !events_pending() &&
	    !script_interrupt_armed()) {
		tui_interruptible_begin(t);
		t->view->ops->read_ahead(t->view, t);
		tui_interruptible_end(t);
		t->interrupted = 0; /* nothing was waiting for it */
	}
}

static void settle_once(Tui *t, void (*overlay)(Tui *, void *), void *ctx, int followup)
{
	View *v = t->view;
	char status[sizeof t->status];
	int status_is_error = t->status_is_error;
	snprintf(status, sizeof status, "%s", t->status);
	v->load_pending = 0;
	t->interrupted = 0;
	int armed = v->ops->interruptible_load;
	if (armed)
		tui_interruptible_begin(t);
	if (v->ops->load)
		v->ops->load(v, t);
	view_clamp(v);
	if (!t->interrupted)
		tui_draw(t);
	if (armed)
		tui_interruptible_end(t);
	if (t->interrupted) {
		/* Not a failure: what the load said about it is dropped. */
		snprintf(t->status, sizeof t->status, "%s", status);
		t->status_is_error = status_is_error;
		v->load_pending = 1;
		return;
	}
	if (overlay)
		overlay(t, ctx);
	wnoutrefresh(stdscr);
	doupdate();
	trace_results_as(followup ? "counted" : "results", t->view->ops->name);
}

