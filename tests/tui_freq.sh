#!/bin/sh
# SPDX-License-Identifier: MIT
# The frequency view (tui/view_freq.c) through the real binary and key
# scripts (tests/tuilib.sh): F in the models view counts by the current
# column or asks for an attribute, the bars with their numbers, Enter
# filters the models view to the value and goes back to it, the counts of
# a filtered list, a tag or a language, % in the lineage and its Enter
# (the lineage's relation: filter), the exports as `peat freq` writes
# them. No tty needed.
. "$(dirname "$0")/tuilib.sh"
F="$FIXTURES/freq"
run 0 --db "$DB" import -q --snapshot hub-2024-02 --date 2024-02-15 "$F/hub-2024-02.jsonl"
run 0 --db "$DB" import -q --snapshot hub-2024-01 --date 2024-01-15 "$F/hub-2024-01.jsonl"

# l l l: from the id to the library column (author and rank are absent).
test_counts_of_the_current_column() {
	tui 'l l l F
:dump lib.txt
:dump-roles lib.roles
q'
	screen_is lib.txt "peat models of hub-2024-02 by library                                        1/6
library                                                            models  share
transformers                                                            8  0.667
diffusers                                                               2  0.167
peft                                                                    1  0.083
pytorch                                                                 1  0.083
safetensors                                                             1  0.083
timm                                                                    1  0.083















? help  Enter filter  1-5 views  E/M/X export  / search  Esc back  q quit"
	# The bars, in the bar role, 50 columns for the commonest (8 models):
	# 13 for 2, 6 for 1; the numbers in theirs.
	line_is lib.roles 3 " 2: cursor 0-12 bar 13-62 cursor 63-79"
	line_is lib.roles 4 " 3: library 0-8 default 9-12 bar 13-25 default 26-71 number 72-72 default 73-74 number 75-79"
	line_is lib.roles 8 " 7: library 0-3 default 4-12 bar 13-18 default 19-71 number 72-72 default 73-74 number 75-79"
}

test_enter_filters_the_models() {
	tui 'l l l F
j
<Enter>
:dump filtered.txt
h h h F
:type pipeline
<Enter>
:dump again.txt
<Enter>
:dump twice.txt
q'
	screen_is filtered.txt "peat models hf hub-2024-02 sorted by downloads ↓ filter: library:diffusers   1/2
card      K id              downloads▾   likes library   pipeline      created
no card   = dave/sd-style          660      31 diffusers text-to-image 2023-09-…
no card   = dave/sd-style-2        640       2 diffusers text-to-image 2023-09-…


















filtered to library:diffusers
? help  Enter card  t lineage  m mark  f filter  1-5 views  E/M/X export  q quit"
	# F again on the filtered list, by an attribute asked for (h h h:
	# back to the id, which is counted by nothing): its counts, then a
	# second value joins the filter.
	line_is again.txt 1 "peat models of hub-2024-02 by pipeline filter: library:diffusers             1/1"
	line_is again.txt 3 "text-to-image                                                           2  1.000"
	line_is twice.txt 1 "peat models hf hub-2024-02 filter: library:diffusers pipeline:text-to-image  1/2"
	line_is twice.txt 3 "no card   = dave/sd-style          660      31 diffusers text-to-image 2023-09-…"
}

# The card's (none) row is card:none; a value of the same key as a word of
# the filter takes its place.
test_enter_on_none_and_replacing() {
	tui 'F
:type card
<Enter>
:dump card.txt
<Enter>
:dump none.txt
F
:type pipeline
<Enter>
:dump pipes.txt
G
<Enter>
:dump last.txt
q'
	lines_are card.txt 1 3 "peat models of hub-2024-02 by card                                           1/1
card                                                               models  share
(none)                                                                 12  1.000"
	line_is none.txt 1 "peat models hf hub-2024-02 sorted by downloads ↓ filter: card:none          1/12"
	line_is pipes.txt 7 "token-classification                                                    1  0.083"
	line_is last.txt 1 "peat models hf hub-2024-02 filter: card:none pipeline:token-classification   1/1"
	line_is last.txt 3 "no card   = eve/tagger         95       0 transformers token-classification"
	# library:transformers, then its models' safetensors: the filter's
	# library: word is replaced (it keeps one library).
	tui 'f
:type library:transformers
<Enter>
l l l F
:dump libs.txt
j
<Enter>
:dump replaced.txt
q'
	line_is libs.txt 4 "safetensors                                                             1  0.125"
	line_is replaced.txt 1 "peat models hf hub-2024-02 filter: library:safetensors                       1/1"
	line_is replaced.txt 3 "no card   = acme/base-7b       4000      44 transformers text-generation 2023-1…"
	# A row no filter selects says so and stays.
	tui 'F
:type status
<Enter>
<Enter>
:dump status.txt
q'
	line_is status.txt 1 "peat models of hub-2024-02 by status                                         1/2"
	line_is status.txt 23 "no filter selects models by status: the counts are all there is"
	tui 'F
:type colour
<Enter>
:dump colour.txt
q'
	has colour.txt "count by colour: expected pipeline, library, author, license"
	line_is colour.txt 1 "peat models hf hub-2024-02 (2024-02-15) sorted by downloads ↓               1/12"
}

# % in the lineage: the descendants by relation, as of the snapshot shown.
test_lineage_relations() {
	tui '[
t
%
:dump rel.txt
<Enter>
:dump enter.txt
<Esc>
<Esc>
]
:dump back.txt
t
%
:dump rel2.txt
q'
	lines_are rel.txt 1 6 "peat descendants of acme/base-7b by relation, hub-2024-01                    1/4
relation                                                           models  share
finetune                                                                2  0.400
adapter                                                                 1  0.200
merge                                                                   1  0.200
quantized                                                               1  0.200"
	# Enter: the lineage's relation: filter, back in the lineage.
	lines_are enter.txt 1 5 "peat lineage acme/base-7b: 1 descendants, depth 1, relation:finetune         1/2
growth 2023-12 █▆ 2024-01  5 descendants
lineage               relation  downloads   likes card      K
acme/base-7b                         5000      40 -         +
└── acme/base-7b-chat finetune       3000      25 -         +"
	line_is enter.txt 23 "filtered to relation:finetune"
	line_is rel2.txt 3 "finetune                                                                3  0.500"
}

# Enter on a tag or a language: the tag: and language: keys.
test_enter_on_a_tag() {
	tui 'F
:type tag
<Enter>
:dump tags.txt
j
<Enter>
:dump tagged.txt
F
:type language
<Enter>
G
<Enter>
:dump language.txt
q'
	line_is tags.txt 4 "en                                                                      5  0.417"
	# The 5 models tagged en; then the last language (zh) joins the filter.
	line_is tagged.txt 1 "peat models hf hub-2024-02 sorted by downloads ↓ filter: tag:en              1/5"
	line_is tagged.txt 23 "filtered to tag:en"
	line_is language.txt 1 "peat models hf hub-2024-02 sorted by downloads ↓ filter: tag:en language:zh  1/1"
	line_is language.txt 3 "no card   = bob/chat-lora        130       1 peft    text-generation 2023-12-20"
}

# E/M/X: the rows as `peat freq` writes them; the command in the header
# prints the file byte for byte.
test_exports() {
	tui 'f
:type pipeline:text-generation
<Enter>
l l l F
M
<Enter>
E
<Enter>
q'
	has peat-freq.md "freq --by library --registry hf --snapshot hub-2024-02 --pipeline text-generation --top 0"
	cmd=$(sed -n '1s/^<!-- peat [^|]* | peat \(.*\) | snapshots.*/\1/p' peat-freq.md)
	# shellcheck disable=SC2086
	"$PEAT" $cmd >again.md 2>/dev/null
	checks=$((checks + 1))
	cmp -s peat-freq.md again.md || fail "the Markdown export differs from its header's command ($cmd)"
	"$PEAT" --db "$DB" --format csv freq --by library --pipeline text-generation >want.csv
	checks=$((checks + 1))
	cmp -s peat-freq.csv want.csv || fail "the CSV export differs from peat freq --format csv"
	has peat-freq.csv "transformers,6,0.8571428571428571"
}

run_cases "$@"
