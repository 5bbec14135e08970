/* SPDX-License-Identifier: MIT */
/* test_cardsec.c - model-card analysis: one fixture per rule with
 * hand-computed verdicts, the heading synonyms, front matter to JSON,
 * metadata, the gauge, scoring a store; with SHARED_DATA, named real cards
 * and a timed pass over the 16,241 cards of hub-2022-02. */
#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cardsec.h"
#include "check.h"
#include "check_store.h"
#include "store.h"
#include "store_dump.h"
#include "strbuf.h"

#define DESC (1u << SEC_DESCRIPTION)
#define LIMS (1u << SEC_LIMITATIONS)
#define HOWTO (1u << SEC_HOWTO)
#define TRAIN (1u << SEC_TRAINING)
#define EVAL (1u << SEC_EVALUATION)

/* Analyse a fixture; returns the analysis (caller frees). */
static CardAnalysis fixture(CardScorer *sc, const char *name, const CardFacts *facts)
{
	char path[1024];
	size_t len = 0;
	CardAnalysis a;
	PeatErr err = {0};

	snprintf(path, sizeof path, "%s", check_fixture("cardsec", name));
	char *text = check_read_file(path, &len);
	if (!text) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(99);
	}
	CHECK_INT(card_scorer_analyze(sc, text, len, facts, &a, &err), 0);
	free(text);
	return a;
}

static CardAnalysis analyze_str(CardScorer *sc, const char *text, const char *model_id)
{
	CardFacts facts = {model_id, NULL, 0, NULL, 0};
	CardAnalysis a;
	PeatErr err = {0};
	CHECK_INT(card_scorer_analyze(sc, text, strlen(text), &facts, &a, &err), 0);
	return a;
}

/* ---- headings ---- */

static void test_heading_synonyms(CardScorer *sc)
{
	static const struct {
		const char *heading;
		unsigned expect;
	} cases[] = {
		{"Model description", DESC},
		{"Model details", DESC},
		{"Model Summary", DESC},
		{"Overview", DESC},
		{"About", DESC},
		{"About the model", DESC},
		{"Introduction", DESC},
		{"How does it work?", DESC},
		{"📝 Model Description", DESC},
		{"1. Model description", DESC},
		{"Limitations", LIMS},
		{"Bias, Risks, and Limitations", LIMS},
		{"Out-of-scope use", LIMS},
		{"Risks", LIMS},
		{"Biases", LIMS},
		{"Ethical considerations", LIMS},
		{"Caveats", LIMS},
		{"Known issues", LIMS},
		{"Intended uses & limitations", LIMS | HOWTO},
		{"Intended uses and limitations", LIMS | HOWTO},
		{"How to use", HOWTO},
		{"Usage", HOWTO},
		{"How to Get Started with the Model", HOWTO},
		{"Quick start", HOWTO},
		{"🚀 Quickstart", HOWTO},
		{"Inference", HOWTO},
		{"Example usage", HOWTO},
		{"Direct use", HOWTO},
		{"Intended use", HOWTO},
		{"Training", TRAIN},
		{"Training procedure", TRAIN},
		{"Training data", TRAIN},
		{"Training details", TRAIN},
		{"Training hyperparameters", TRAIN},
		{"Fine-tuning", TRAIN},
		{"Pretraining", TRAIN},
		{"Pre-training", TRAIN},
		{"Evaluation", EVAL},
		{"Eval results", EVAL},
		{"Results", EVAL},
		{"Benchmarks", EVAL},
		{"Performance", EVAL},
		{"Metrics", EVAL},
		{"Testing data, factors & metrics", EVAL},
		{"Training and evaluation data", TRAIN | EVAL},
		{"3.2 Training results", TRAIN | EVAL},
		{"Citation", 0},
		{"License", 0},
		{"Uses", 0},
		{"Recommendations", 0},
		{"Model card contact", 0},
		{"Abstract", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		StrBuf card = {0};
		/* A body with something of every section: a first sentence that
		 * describes in 5 words or more, then instructions, limitations,
		 * training and a result (content evidence of its own). The
		 * heading evidences exactly the sections it names. */
		sb_printf(&card,
			  "# my-model\n\n## %s\n\nThe weights are small and fast for everyone. You can use it; its "
			  "limitations are known; it was trained on our data; accuracy is 91.5 on the test set.\n",
			  cases[i].heading);
		CardAnalysis a = analyze_str(sc, card.data, NULL);
		unsigned expect = cases[i].expect, from_heading = 0;
		for (int s = 0; s < SEC_COUNT; s++)
			if (a.kind[s] & CARD_EVIDENCE_HEADING)
				from_heading |= 1u << s;
		if (from_heading != expect)
			fprintf(stderr, "heading \"%s\": sections %#x from the heading, expected %#x\n",
				cases[i].heading, from_heading, expect);
		CHECK_INT(from_heading, expect);
		for (int s = 0; s < SEC_COUNT; s++)
			if (expect & (1u << s)) {
				CHECK_INT(a.line[s], 3);
				CHECK_STR(a.evidence[s], cases[i].heading);
			}
		card_analysis_free(&a);
		sb_free(&card);
	}
}

/* ---- fixtures, one per rule ---- */

static void test_placeholders(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "placeholders.md", NULL);
	/* Only "Bias, Risks, and Limitations" has real text (in its
	 * Recommendations subsection); every other section holds placeholders,
	 * template sentences, "Label: [More Information Needed]" or TODO code. */
	CHECK_INT(a.sections, LIMS);
	CHECK_INT(a.completeness, 1);
	CHECK_INT(a.line[SEC_LIMITATIONS], 30);
	CHECK_STR(a.evidence[SEC_LIMITATIONS], "Bias, Risks, and Limitations");
	CHECK_INT(a.line[SEC_DESCRIPTION], 0);
	CHECK_STR(a.evidence[SEC_DESCRIPTION], "");
	card_analysis_free(&a);

	/* A placeholder in one subsection and real content in another. */
	a = analyze_str(sc,
			"# m\n\n## Training\n\n### Training data\n\n[More Information Needed]\n\n"
			"### Hyperparameters\n\n- learning rate: 3e-5\n",
			NULL);
	CHECK_INT(a.sections, TRAIN);
	CHECK_INT(a.line[SEC_TRAINING], 3);
	CHECK_STR(a.evidence[SEC_TRAINING], "Training");
	card_analysis_free(&a);

	/* Every placeholder spelling on its own: nothing counts. */
	static const char *const spellings[] = {
		"[More Information Needed]", "More information needed", "[optional]", "TBD",
		"Coming soon", "N/A", "TODO", "<!-- fill me in -->", "   ",
	};
	for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
		StrBuf card = {0};
		sb_printf(&card, "# m\n\n## Usage\n\n%s\n\n## Evaluation\n\n%s\n", spellings[i], spellings[i]);
		a = analyze_str(sc, card.data, NULL);
		if (a.sections != 0)
			fprintf(stderr, "placeholder \"%s\" counted as content\n", spellings[i]);
		CHECK_INT(a.sections, 0);
		card_analysis_free(&a);
		sb_free(&card);
	}
}

static void test_html_comments(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "html_comments.md", NULL);
	/* Evaluation and Usage hold only comments; Training's HTML has text. */
	CHECK_INT(a.sections, TRAIN);
	CHECK_INT(a.line[SEC_TRAINING], 16);
	card_analysis_free(&a);

	/* HTML is read as a browser shows it (libxml2): a <style> or <script>
	 * block and an image-less <div> of spaces are nothing under a heading;
	 * text written with entities is text. */
	a = analyze_str(sc,
			"# m\n\n## Limitations\n\n<style>\n.note { color: red; }\n</style>\n\n"
			"## Usage\n\n<script>run();</script>\n\n## Training\n\n<div>&nbsp; &#32;</div>\n\n"
			"## Evaluation\n\n<p>&Eacute;valu&eacute;: accuracy&nbsp;91.5&nbsp;% on the test set</p>\n",
			NULL);
	CHECK_INT(a.sections, EVAL);
	CHECK_INT(a.line[SEC_EVALUATION], 17);
	card_analysis_free(&a);
}

static void test_model_index(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "model_index.md", NULL);
	CHECK_INT(a.sections, EVAL);
	CHECK_INT(a.line[SEC_EVALUATION], 3);
	CHECK_STR(a.evidence[SEC_EVALUATION], "model-index in front matter");
	/* language and metrics (from the model-index) out of 15 fields. */
	CHECK_INT(a.metadata_fields, (1u << META_LANGUAGE) | (1u << META_METRICS));
	card_analysis_free(&a);

	a = fixture(sc, "model_index_empty.md", NULL);
	CHECK_INT(a.sections, 0);
	CHECK_INT(a.metadata_fields, 0);
	card_analysis_free(&a);

	/* An Evaluation heading after a model-index is the better evidence. */
	a = analyze_str(sc,
			"---\nmodel-index:\n- name: x\n  results:\n  - metrics:\n    - type: acc\n      value: 1\n"
			"---\n# x\n\n## Evaluation\n\nAccuracy 1.0 on the test split.\n",
			NULL);
	CHECK_INT(a.sections, EVAL);
	CHECK_INT(a.line[SEC_EVALUATION], 11);
	CHECK_STR(a.evidence[SEC_EVALUATION], "Evaluation");
	card_analysis_free(&a);
}

static void test_code_blocks(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "code_call.md", NULL);
	CHECK_INT(a.sections, HOWTO);
	CHECK_INT(a.line[SEC_HOWTO], 9);
	CHECK_STR(a.evidence[SEC_HOWTO], "code block calling from_pretrained");
	card_analysis_free(&a);

	CardFacts facts = {"org/tiny-qa", NULL, 0, NULL, 0};
	a = fixture(sc, "code_model_id.md", &facts);
	CHECK_INT(a.sections, HOWTO);
	CHECK_INT(a.line[SEC_HOWTO], 7);
	CHECK_STR(a.evidence[SEC_HOWTO], "code block naming org/tiny-qa");
	card_analysis_free(&a);
	a = fixture(sc, "code_model_id.md", NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);

	static const struct {
		const char *code;
		const char *evidence;
	} calls[] = {
		{"pipe = pipeline(\"fill-mask\")", "code block calling pipeline("},
		{"m = SentenceTransformer(\"x\")", "code block calling SentenceTransformer("},
		{"ollama run org/x", "code block running ollama run"},
		{"huggingface-cli download org/x", "code block running huggingface-cli download"},
		{"./llama.cpp/main -m x.gguf", "code block using llama.cpp"},
		{"import transformers", "code block importing transformers"},
		{"from diffusers import StableDiffusionPipeline", "code block using diffusers"},
	};
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		StrBuf card = {0};
		sb_printf(&card, "Hi.\n\n```\n%s\n```\n", calls[i].code);
		a = analyze_str(sc, card.data, NULL);
		CHECK_INT(a.sections, HOWTO);
		CHECK_STR(a.evidence[SEC_HOWTO], calls[i].evidence);
		CHECK_INT(a.line[SEC_HOWTO], 3);
		card_analysis_free(&a);
		sb_free(&card);
	}
	/* Code that calls nothing is not how-to; a TODO code block is nothing. */
	a = analyze_str(sc, "```bash\nls -l\n```\n\n## Usage\n\n```python\n# TODO: add an example\n```\n", NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);
}

static void test_prose_and_badges(CardScorer *sc)
{
	/* "This model answers questions ..., trained on public rulings." says
	 * what it does (description) and what it learnt from (training). */
	CardAnalysis a = fixture(sc, "prose_before_heading.md", NULL);
	CHECK_INT(a.sections, DESC | TRAIN);
	CHECK_INT(a.line[SEC_DESCRIPTION], 3);
	CHECK_STR(a.evidence[SEC_DESCRIPTION], "prose before the first heading");
	CHECK_STR(a.content_evidence[SEC_DESCRIPTION], "prose before the first heading");
	CHECK_INT(a.kind[SEC_DESCRIPTION], CARD_EVIDENCE_CONTENT);
	CHECK_STR(a.evidence[SEC_TRAINING], "questions about Dutch tax law, trained");
	card_analysis_free(&a);

	a = fixture(sc, "badges_only.md", NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);

	/* Nine words are not enough; ten are. */
	a = analyze_str(sc, "one two three four five six seven eight nine\n", NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);
	a = analyze_str(sc, "one two three four five six seven eight nine ten\n", NULL);
	CHECK_INT(a.sections, DESC);
	card_analysis_free(&a);

	/* The title rule: first heading followed by prose (also after a
	 * subtitle); not when the prose sits under a section heading. */
	a = analyze_str(sc, "## Uil\n### v2\n\nIt classifies Dutch court rulings into twelve areas of law.\n", NULL);
	CHECK_INT(a.sections, DESC);
	CHECK_INT(a.line[SEC_DESCRIPTION], 1);
	CHECK_STR(a.evidence[SEC_DESCRIPTION], "Uil");
	card_analysis_free(&a);
	a = analyze_str(sc, "# Uil\n## Training\n\nIt saw Dutch court rulings from twelve areas of law.\n", NULL);
	CHECK_INT(a.sections, TRAIN);
	card_analysis_free(&a);
	/* An umbrella title naming a section word is still a title. */
	a = analyze_str(sc, "# llama-fine-tuning-7b\n\nShort.\n\n## Notes\n\nSome notes.\n", NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);
}

/* The rules that keep a heading from crediting what its content does not
 * show: a card's only H1 naming a section, a description that is only
 * credits and badges, a heading that names several sections. */
static void test_section_rules(CardScorer *sc)
{
	/* The only H1 is "# Limitations": the limitations section spanning
	 * the card, not the card's title (before: description by title). */
	CardAnalysis a = fixture(sc, "only_h1_section.md", NULL);
	CHECK_INT(a.sections, LIMS);
	CHECK_INT(a.line[SEC_LIMITATIONS], 4);
	CHECK_STR(a.evidence[SEC_LIMITATIONS], "Limitations");
	card_analysis_free(&a);
	static const struct {
		const char *card;
		unsigned expect;
	} only_h1[] = {
		{"# Usage\n\nCall generate() with a prompt of a few lines of text.\n", HOWTO},
		{"# Out-of-scope use\n\nMedical advice, legal advice and any decision about people.\n", LIMS},
		{"# Limitations and bias\n\nIt repeats the stereotypes of its web training text.\n", LIMS},
		{"# Training data\n\nTwo thousand movie reviews from the public IMDB corpus.\n", TRAIN},
		/* A title naming the model beside section words stays a title. */
		{"# llama-fine-tuning-7b\n\nA seven billion parameter model tuned to follow written instructions.\n", DESC},
		{"# Usage notes for bert\n\nA seven billion parameter model tuned to follow written instructions.\n", DESC},
	};
	for (size_t i = 0; i < sizeof only_h1 / sizeof only_h1[0]; i++) {
		a = analyze_str(sc, only_h1[i].card, NULL);
		if (a.sections != only_h1[i].expect)
			fprintf(stderr, "only H1 card %zu: sections %#x, expected %#x\n", i, a.sections, only_h1[i].expect);
		CHECK_INT(a.sections, only_h1[i].expect);
		for (int sec = 0; sec < SEC_COUNT; sec++)
			if (only_h1[i].expect & (1u << sec))
				CHECK_INT(a.line[sec], 1);
		card_analysis_free(&a);
	}

	/* "## About" with a credit, badges and a pointer elsewhere is no
	 * description; the later "About the model" with prose is. */
	a = fixture(sc, "about_credits.md", NULL);
	CHECK_INT(a.sections, DESC);
	CHECK_INT(a.line[SEC_DESCRIPTION], 17);
	CHECK_STR(a.evidence[SEC_DESCRIPTION], "About the model");
	card_analysis_free(&a);
	a = analyze_str(sc,
			"# bot\n\n## About\n\n*Built by Jane Doe*\n\n[![f](https://e.org/b.svg)](https://e.org)\n\n"
			"For more details, visit the project repository.\n",
			NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);
	/* Under a description heading five words of prose describe; four do
	 * not (and a credit longer than a label is prose). */
	a = analyze_str(sc, "# m\n\n## Model description\n\nFine-tuned BERT for Dutch NER.\n", NULL);
	CHECK_INT(a.sections, DESC);
	card_analysis_free(&a);
	a = analyze_str(sc, "# m\n\n## Model description\n\nIt is not working.\n", NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);
	a = analyze_str(sc, "# m\n\n## About\n\nBuilt by Jane Doe to answer questions about Dutch tax law.\n", NULL);
	CHECK_INT(a.sections, DESC);
	card_analysis_free(&a);

	/* "Intended uses & limitations" credits each section only with content
	 * about it: a stated purpose alone is neither; limitation words give
	 * limitations; code gives how to use. */
	a = fixture(sc, "intended_uses.md", NULL);
	CHECK_INT(a.sections, LIMS | HOWTO);
	CHECK_INT(a.line[SEC_LIMITATIONS], 7);
	CHECK_STR(a.evidence[SEC_LIMITATIONS], "Intended uses and limitations");
	CHECK_INT(a.line[SEC_HOWTO], 12);
	CHECK_STR(a.evidence[SEC_HOWTO], "Intended uses & limitations");
	card_analysis_free(&a);
	a = analyze_str(sc, "# m\n\n## Intended uses & limitations\n\nPurpose: movie review sentiment\n", NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);
	a = analyze_str(sc, "# m\n\n## Intended uses & limitations\n\nYou can use it to sort reviews.\n", NULL);
	CHECK_INT(a.sections, HOWTO);
	card_analysis_free(&a);
	/* A subsection with content whose heading speaks of limitations makes
	 * the parent's content relevant to them. */
	a = analyze_str(sc, "## Intended uses & limitations\n\nYou can use it to sort reviews.\n\n### Bias\n\nEnglish only.\n",
			NULL);
	CHECK_INT(a.sections, LIMS | HOWTO);
	CHECK_INT(a.line[SEC_LIMITATIONS], 1);
	card_analysis_free(&a);
	/* The same for "Training and evaluation data"; evaluation also needs
	 * what came out: a test set kept aside is no result. */
	a = analyze_str(sc, "# m\n\n## Training and evaluation data\n\n- GLORIOUS\n", NULL);
	CHECK_INT(a.sections, 0);
	card_analysis_free(&a);
	a = analyze_str(sc, "# m\n\n## Training and evaluation data\n\nIt was trained on 2,000 reviews; 1,000 more were kept for the test.\n",
			NULL);
	CHECK_INT(a.sections, TRAIN);
	CHECK_INT(a.kind[SEC_TRAINING], CARD_EVIDENCE_BOTH);
	card_analysis_free(&a);
	a = analyze_str(sc,
			"# m\n\n## Training and evaluation data\n\nIt was trained on 2,000 reviews; on 1,000 more kept for "
			"the test its accuracy is 91.2%.\n",
			NULL);
	CHECK_INT(a.sections, TRAIN | EVAL);
	CHECK_STR(a.evidence[SEC_EVALUATION], "Training and evaluation data");
	CHECK_STR(a.content_evidence[SEC_EVALUATION], "accuracy is 91.2%");
	card_analysis_free(&a);
}

/* ---- content evidence: one hand-written card per rule and per negative
 * case (cardsec.h, "Content") ---- */

static void test_content_rules(CardScorer *sc)
{
	static const struct {
		const char *what, *card, *model;
		unsigned expect; /* sections found */
		int section;     /* one of them, with ... */
		const char *words; /* ... these words as its content evidence */
	} cases[] = {
		/* Description: what it is, what it is for, its task, its type. */
		{"what it is", "# m\n\nThis is a small model for Dutch reviews.\n", NULL, DESC, SEC_DESCRIPTION,
		 "model for"},
		{"its kind", "This is the quantized version of it.\n", NULL, DESC, SEC_DESCRIPTION,
		 "This is the quantized"},
		{"its task", "Made for Frisian, a seq2seq model.\n", NULL, DESC, SEC_DESCRIPTION, "seq2seq"},
		{"what it does", "The model answers questions about tax law.\n", NULL, DESC, SEC_DESCRIPTION,
		 "model answers"},
		{"a type label", "- model: transformer-align\n- license: mit\n", NULL, DESC, SEC_DESCRIPTION,
		 "model: transformer-align"},
		{"language labels", "- source languages: fr\n- target languages: fj\n", NULL, 0, 0, NULL},
		{"the Trainer's sentence", "# m\n\nThis model is a fine-tuned version of [b](https://x.org/b) on the imdb dataset.\n",
		 NULL, TRAIN, SEC_TRAINING, "fine-tuned version of b on the imdb dataset"},
		{"AutoTrain's sentence", "# m\n\nThis model was trained using AutoTrain. For more information, please visit AutoTrain.\n",
		 NULL, 0, 0, NULL},
		{"a pointer", "See [the paper](https://x.org) to know what this model is for and its limitations.\n", NULL, 0,
		 0, NULL},
		{"a call to action", "Create your own image classifier for anything by running the demo.\n", NULL, 0, 0,
		 NULL},
		{"a URL", "https://example.org/a-model-for-translation-and-classification\n", NULL, 0, 0, NULL},
		/* Limitations: what it cannot do, its biases, uses to avoid. */
		{"biases", "The outputs may reflect the biases of the web.\n", NULL, LIMS, SEC_LIMITATIONS, "biases"},
		{"a use to avoid", "Do not use it for medical advice.\n", NULL, LIMS, SEC_LIMITATIONS, "Do not use"},
		{"a pointer to limitations",
		 "To know more about usage, limitations and biases, visit the base model's card.\n", NULL, 0, 0, NULL},
		{"a measure", "- F1 toxic: 0.91\n", NULL, EVAL, SEC_EVALUATION, "F1 toxic: 0.91"},
		{"not limited to", "It reads many scripts, including but not limited to Cyrillic.\n", NULL, 0, 0, NULL},
		{"a column named Bias", "| Name | Bias |\n|---|---|\n| a | 0.31 |\n", NULL, 0, 0, NULL},
		/* How to use: instructions. */
		{"an instruction", "You can use it to tag Dutch news.\n", NULL, HOWTO, SEC_HOWTO, "You can use"},
		{"what users do", "Users can ask it for the capital of any country.\n", NULL, HOWTO, SEC_HOWTO,
		 "Users can"},
		{"a warning is no instruction", "## Intended uses & limitations\n\nUse at your own risk: it hallucinates.\n",
		 NULL, LIMS, SEC_LIMITATIONS, "risk"},
		/* Training: data or procedure with a statement of training. */
		{"its data", "It was fine-tuned on 12,000 tweets.\n", NULL, TRAIN, SEC_TRAINING, "fine-tuned on 12,000 tweets"},
		{"its procedure", "Trained for 3 epochs at a learning rate of 2e-5.\n", NULL, TRAIN, SEC_TRAINING,
		 "Trained for 3 epochs"},
		{"data labels", "- dataset: opus\n- pre-processing: normalization + SentencePiece\n", NULL, TRAIN, SEC_TRAINING,
		 "dataset: opus"},
		{"the None dataset", "This model is a fine-tuned version of x/base on the None dataset.\n", NULL, 0, 0,
		 NULL},
		{"its base alone", "- **Finetuned from model:** x/base\n", NULL, 0, 0, NULL},
		/* Evaluation: results, wherever they are. */
		{"results under the title",
		 "# m\n\nIt achieves the following results on the evaluation set:\n\n- Loss: 0.4879\n- Wer: 0.0997\n", NULL,
		 EVAL, SEC_EVALUATION, "Loss: 0.4879"},
		{"a result in a sentence", "On the test set it reaches 91.3% accuracy.\n", NULL, EVAL, SEC_EVALUATION,
		 "91.3% accuracy"},
		{"a results table", "| Test set | BLEU | chr-F |\n|---|---|---|\n| JW300 | 27.4 | 0.487 |\n", NULL, EVAL,
		 SEC_EVALUATION, "BLEU"},
		{"an announced table",
		 "The results are in this table:\n\n| dataset | C4 | News |\n|---|---|---|\n| xsum | 45.20 | 47.21 |\n", NULL, EVAL,
		 SEC_EVALUATION, "45.20"},
		{"a table of other models", "| Model | Score |\n|---|---|\n| BERT-Base | 80.1 |\n| BERT-Large | 82.0 |\n",
		 "org/tiny-l2", 0, 0, NULL},
		{"a table with this model",
		 "| Model | Score |\n|---|---|\n| BERT-Base | 80.1 |\n| tiny-l2 | 70.2 |\n", "org/tiny-l2", EVAL,
		 SEC_EVALUATION, "Score"},
		{"a heading that promises", "## Evaluation\n\nSee the paper for the results.\n", NULL, 0, 0, NULL},
		{"a plot of results", "## Results\n\n![plot](p.png)\n", NULL, 0, 0, NULL},
		{"a results dump", "## Results\n\n```\nsdr: 16.2\nsir: 26.8\n```\n", NULL, EVAL, SEC_EVALUATION,
		 "sdr: 16.2"},
		{"an example's output",
		 "## Usage\n\n```python\nfrom transformers import pipeline\n# [{'label': 'POS', 'score': 0.99}]\n```\n", NULL,
		 HOWTO, SEC_HOWTO, "code block importing transformers"},
		{"full precision", "It needs 1684.75 MB of memory in full precision.\n", NULL, 0, 0, NULL},
		{"a file's name", "- test set scores: [opus-2020-01-09.eval.txt](https://x.org/e.txt)\n", NULL, 0, 0, NULL},
		{"numbers side by side", "| Set | ROUGE |\n|---|---|\n| xsum | 45.20/22.06/36.99 |\n", NULL, EVAL,
		 SEC_EVALUATION, "ROUGE"},
		{"a dataset's version", "ELECTRA achieves strong results on SQuAD 2.0.\n", NULL, 0, 0, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CardAnalysis a = analyze_str(sc, cases[i].card, cases[i].model);
		if (a.sections != cases[i].expect)
			fprintf(stderr, "content rule \"%s\": sections %#x, expected %#x\n", cases[i].what, a.sections,
				cases[i].expect);
		CHECK_INT(a.sections, cases[i].expect);
		if (cases[i].words) {
			CHECK_STR(a.content_evidence[cases[i].section], cases[i].words);
			CHECK(a.kind[cases[i].section] & CARD_EVIDENCE_CONTENT);
		}
		card_analysis_free(&a);
	}
}

/* Heading, content or both, and what `peat card --sections` shows of it. */
static void test_evidence_kinds(CardScorer *sc)
{
	const char *card = "# m\n\n"
			   "## Training\n\nWe used a cluster.\n\n"                                /* line 3 */
			   "## Evaluation\n\nIt scores 91.2% accuracy on the test set.\n\n"     /* line 7 */
			   "## Notes\n\nThe model may be biased towards news.\n";              /* line 11 */
	CardAnalysis a = analyze_str(sc, card, NULL);
	CHECK_INT(a.sections, TRAIN | EVAL | LIMS);
	CHECK_INT(a.kind[SEC_TRAINING], CARD_EVIDENCE_HEADING);
	CHECK_INT(a.content_line[SEC_TRAINING], 0);
	CHECK_INT(a.kind[SEC_EVALUATION], CARD_EVIDENCE_BOTH);
	CHECK_INT(a.line[SEC_EVALUATION], 7);
	CHECK_STR(a.evidence[SEC_EVALUATION], "Evaluation");
	CHECK_INT(a.content_line[SEC_EVALUATION], 9);
	CHECK_STR(a.content_evidence[SEC_EVALUATION], "scores 91.2%");
	CHECK_INT(a.kind[SEC_LIMITATIONS], CARD_EVIDENCE_CONTENT);
	CHECK_INT(a.line[SEC_LIMITATIONS], 13);
	CHECK_STR(a.evidence[SEC_LIMITATIONS], "biased");
	CHECK_STR(card_evidence_kind_name(CARD_EVIDENCE_BOTH), "both");

	Table *t = card_sections_table("m", &a);
	CHECK_STR(table_get(t, SEC_TRAINING, 2), "heading");
	CHECK_STR(table_get(t, SEC_EVALUATION, 2), "both");
	CHECK_STR(table_get(t, SEC_EVALUATION, 5), "line 9: scores 91.2%");
	CHECK_STR(table_get(t, SEC_LIMITATIONS, 2), "content");
	CHECK_STR(table_get(t, SEC_LIMITATIONS, 4), "biased");
	CHECK_STR(table_get(t, SEC_HOWTO, 2), "");
	table_free(t);
	card_analysis_free(&a);
}

static void test_front_matter(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "front_matter_rule.md", NULL);
	/* Read as Markdown, "summary: Usage" + "---" would be a setext
	 * heading "Usage" over the body: how-to. Split first, it is not. */
	CHECK_INT(a.sections, DESC);
	CHECK_INT(a.line[SEC_DESCRIPTION], 5);
	CHECK_INT(a.front_matter_line_count, 4);
	CHECK_STR(a.front_matter_json, "{\"license\":\"apache-2.0\",\"summary\":\"Usage\"}");
	CHECK_STR(a.yaml_problem, "");
	card_analysis_free(&a);

	a = fixture(sc, "malformed_yaml.md", NULL);
	CHECK(a.front_matter_json == NULL);
	CHECK_INT(a.front_matter_line_count, 6);
	CHECK_INT(a.yaml_problem_line, 5);
	CHECK(strncmp(a.yaml_problem, "not valid YAML: ", 16) == 0);
	printf("malformed front matter reported as: %d: %s\n", a.yaml_problem_line, a.yaml_problem);
	CHECK_INT(a.sections, HOWTO); /* the card still scores */
	CHECK_INT(a.line[SEC_HOWTO], 9);
	CHECK_INT(a.metadata_fields, 0); /* absent front matter: no license */
	card_analysis_free(&a);

	a = fixture(sc, "unclosed.md", NULL);
	CHECK(a.front_matter_json == NULL);
	CHECK_INT(a.front_matter_line_count, 0);
	CHECK_INT(a.yaml_problem_line, 1);
	CHECK(strstr(a.yaml_problem, "no `---` line closes it") != NULL);
	CHECK_INT(a.sections, HOWTO);
	CHECK_INT(a.line[SEC_HOWTO], 4);
	card_analysis_free(&a);

	/* A front matter that is a list, not a mapping. */
	a = analyze_str(sc, "---\n- a\n- b\n---\n## Usage\n\nRun it.\n", NULL);
	CHECK(a.front_matter_json == NULL);
	CHECK_INT(a.yaml_problem_line, 2);
	CHECK_STR(a.yaml_problem, "is not a mapping of keys to values");
	CHECK_INT(a.line[SEC_HOWTO], 5);
	card_analysis_free(&a);

	/* CRLF line ends, a BOM, blank lines before the fence, "..." closing. */
	a = analyze_str(sc, "\xEF\xBB\xBF\r\n---\r\nlicense: mit\r\n...\r\n\r\n## Usage\r\n\r\nRun it.\r\n", NULL);
	CHECK_STR(a.front_matter_json, "{\"license\":\"mit\"}");
	CHECK_INT(a.front_matter_line_count, 4);
	CHECK_INT(a.line[SEC_HOWTO], 6);
	card_analysis_free(&a);

	/* An alias bomb is refused softly, not expanded. */
	a = analyze_str(sc,
			"---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
			"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
			"g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\n",
			NULL);
	CHECK(a.front_matter_json == NULL);
	CHECK(strstr(a.yaml_problem, "expands aliases") != NULL);
	card_analysis_free(&a);
}

static void test_json_types(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "types.md", NULL);
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	static const struct {
		const char *path;
		const char *type;
		const char *value;
	} expect[] = {
		{"$.int", "integer", "42"},
		{"$.neg", "integer", "-7"},
		{"$.float", "real", "1.5"},
		{"$.exp", "real", "0.002"},
		{"$.octal_like", "text", "007"},
		{"$.yes_word", "text", "yes"},
		{"$.no_word", "text", "no"},
		{"$.bool_true", "true", "1"},
		{"$.bool_false", "false", "0"},
		{"$.nothing", "null", NULL},
		{"$.empty", "null", NULL},
		{"$.quoted", "text", "12"},
		{"$.text", "text", "a \"quoted\" line"},
		{"$.list[1]", "text", "two"},
		{"$.list[2]", "real", "3.0"},
		{"$.nested.inner[1].b", "text", "c"},
	};

	CHECK(a.front_matter_json != NULL);
	CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
	CHECK_INT(sqlite3_prepare_v2(db, "SELECT json_valid(?1), json_type(?1, ?2), json_extract(?1, ?2)", -1,
				     &stmt, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
		sqlite3_reset(stmt);
		sqlite3_bind_text(stmt, 1, a.front_matter_json ? a.front_matter_json : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, expect[i].path, -1, SQLITE_STATIC);
		CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
		CHECK_INT(sqlite3_column_int(stmt, 0), 1);
		CHECK_STR((const char *)sqlite3_column_text(stmt, 1), expect[i].type);
		const char *v = (const char *)sqlite3_column_text(stmt, 2);
		if (expect[i].value)
			CHECK_STR(v, expect[i].value);
		else
			CHECK(v == NULL);
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	card_analysis_free(&a);
}

static void test_line_numbers(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "line_numbers.md", NULL);
	CHECK_INT(a.front_matter_line_count, 5);
	CHECK_INT(a.sections, TRAIN | EVAL);
	CHECK_INT(a.line[SEC_TRAINING], 9);
	CHECK_STR(a.evidence[SEC_TRAINING], "Training data");
	CHECK_INT(a.line[SEC_EVALUATION], 13); /* a setext heading */
	CHECK_STR(a.evidence[SEC_EVALUATION], "Setext evaluation");
	card_analysis_free(&a);
}

static void test_metadata(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "metadata.md", NULL);
	unsigned from_front_matter = (1u << META_LICENSE) | (1u << META_DATASETS) | (1u << META_LANGUAGE) |
				     (1u << META_BASE_MODEL) | (1u << META_LIBRARY) | (1u << META_TASK) |
				     (1u << META_DOMAIN) | (1u << META_HARDWARE) | (1u << META_CARBON);
	CHECK_INT(META_COUNT, 15);
	CHECK_INT(a.metadata_fields, from_front_matter);
	CHECK_NEAR(a.metadata, 9.0 / 15.0, 1e-12);
	CHECK_INT(a.completeness, 0);
	CHECK_NEAR(a.quality, (0.0 + 9.0 / 15.0) / 2.0, 1e-12);
	card_analysis_free(&a);

	/* Tags and stored fields add what the front matter lacks; a bare
	 * prefix ("dataset:") names nothing. */
	static const char *const tags[] = {"arxiv:1810.04805", "license:mit", "dataset:", "pytorch"};
	static const char *const meta[] = {"parameter_count", "unrelated_field"};
	CardFacts facts = {"org/tiny-qa", tags, 4, meta, 2};
	a = fixture(sc, "metadata.md", &facts);
	CHECK_INT(a.metadata_fields, from_front_matter | (1u << META_PAPER) | (1u << META_PARAMETER_COUNT));
	CHECK_NEAR(a.metadata, 11.0 / 15.0, 1e-12);
	card_analysis_free(&a);

	/* Tags alone, without any card text. */
	static const char *const tags2[] = {"license:apache-2.0", "dataset:squad", "base_model:bert-base-uncased"};
	CardFacts tags_only = {NULL, tags2, 3, NULL, 0};
	CHECK_INT(card_scorer_analyze(sc, NULL, 0, &tags_only, &a, NULL), 0);
	CHECK_INT(a.metadata_fields, (1u << META_LICENSE) | (1u << META_DATASETS) | (1u << META_BASE_MODEL));
	CHECK_NEAR(a.metadata, 3.0 / 15.0, 1e-12);
	card_analysis_free(&a);

	for (int f = 0; f < META_COUNT; f++)
		CHECK(strcmp(card_meta_field_name((CardMetaField)f), "unknown") != 0);
}

static void test_empty_and_full(CardScorer *sc)
{
	CardAnalysis a = fixture(sc, "empty.md", NULL);
	CHECK_INT(a.completeness, 0);
	CHECK_INT(a.sections, 0);
	CHECK(a.front_matter_json == NULL);
	CHECK_NEAR(a.quality, 0.0, 1e-12);
	card_analysis_free(&a);

	a = analyze_str(sc, "---\nlicense: mit\n---\n", NULL);
	CHECK_INT(a.completeness, 0);
	CHECK_INT(a.front_matter_line_count, 3);
	CHECK_STR(a.front_matter_json, "{\"license\":\"mit\"}");
	CHECK_NEAR(a.metadata, 1.0 / 15.0, 1e-12);
	card_analysis_free(&a);

	/* The Trainer's card: its "fine-tuned version of X on the glue
	 * dataset" under the title names the training, not what the model is
	 * (no description); its results follow it and its table. */
	a = fixture(sc, "trainer_card.md", NULL);
	CHECK_INT(a.sections, TRAIN | EVAL);
	CHECK_INT(a.content_line[SEC_TRAINING], 12);
	CHECK_STR(a.content_evidence[SEC_TRAINING], "fine-tuned version of bert-base-cased on the glue dataset");
	CHECK_INT(a.content_line[SEC_EVALUATION], 14);
	CHECK_STR(a.content_evidence[SEC_EVALUATION], "Loss: 0.51");
	CHECK_INT(a.line[SEC_TRAINING], 28);
	CHECK_STR(a.evidence[SEC_TRAINING], "Training procedure");
	CHECK_INT(a.line[SEC_EVALUATION], 36);
	CHECK_STR(a.evidence[SEC_EVALUATION], "Training results");
	card_analysis_free(&a);

	a = fixture(sc, "full_card.md", NULL);
	CHECK_INT(a.completeness, 5);
	CHECK_INT(a.line[SEC_DESCRIPTION], 13);
	CHECK_STR(a.evidence[SEC_DESCRIPTION], "1. Model Details & Summary");
	CHECK_INT(a.line[SEC_HOWTO], 23);
	CHECK_STR(a.evidence[SEC_HOWTO], "2. How to use");
	CHECK_INT(a.line[SEC_TRAINING], 32);
	CHECK_INT(a.line[SEC_EVALUATION], 43);
	CHECK_INT(a.line[SEC_LIMITATIONS], 47);
	CHECK_STR(a.evidence[SEC_LIMITATIONS], "5. Bias, Risks & Limitations");
	CHECK_NEAR(a.metadata, 5.0 / 15.0, 1e-12);
	CHECK_NEAR(a.quality, (1.0 + 5.0 / 15.0) / 2.0, 1e-12);
	card_analysis_free(&a);

	/* Reusing the scorer does not leak state between cards: the same
	 * card twice, with another in between, gets the same verdict. */
	CardAnalysis b = fixture(sc, "placeholders.md", NULL);
	a = fixture(sc, "full_card.md", NULL);
	CHECK_INT(a.sections, DESC | LIMS | HOWTO | TRAIN | EVAL);
	CHECK_INT(b.sections, LIMS);
	card_analysis_free(&a);
	card_analysis_free(&b);
}

static void test_names_and_gauge(void)
{
	char buf[GLYPHS_GAUGE_SIZE];
	CHECK_STR(glyphs_gauge(&glyphs_unicode, 3, buf), "●●●○○ 3/5");
	CHECK_STR(glyphs_gauge(&glyphs_ascii, 3, buf), "###.. 3/5");
	CHECK_STR(glyphs_gauge(&glyphs_unicode, 0, buf), "○○○○○ 0/5");
	CHECK_STR(glyphs_gauge(&glyphs_unicode, 5, buf), "●●●●● 5/5");
	CHECK_STR(glyphs_gauge(&glyphs_ascii, 5, buf), "##### 5/5");
	CHECK_STR(glyphs_gauge(&glyphs_ascii, -1, buf), "..... -/5");
	CHECK_STR(glyphs_gauge(&glyphs_unicode, -1, buf), "○○○○○ -/5");
	CHECK_STR(glyphs_gauge(&glyphs_ascii, 9, buf), "##### 5/5");

	CardSection s;
	for (int i = 0; i < SEC_COUNT; i++) {
		CHECK_INT(card_section_parse(card_section_name((CardSection)i), &s), 0);
		CHECK_INT(s, i);
	}
	CHECK_STR(card_section_name(SEC_HOWTO), "howto");
	CHECK_STR(card_section_title(SEC_DESCRIPTION), "Model description");
	CHECK_INT(card_section_parse("nonsense", &s), -1);
}

static void test_split(void)
{
	CardSplit sp;
	const char *t = "---\na: 1\n---\nbody\n";
	CHECK_INT(card_split_front_matter(t, strlen(t), &sp), 1);
	CHECK_INT(sp.yaml_first_line, 2);
	CHECK_INT((int)sp.yaml_start, 4);
	CHECK_INT((int)sp.yaml_len, 5);
	CHECK_INT((int)sp.body_start, 13);
	CHECK_INT(sp.body_line, 4);
	t = "no front matter\n---\n";
	CHECK_INT(card_split_front_matter(t, strlen(t), &sp), 0);
	CHECK_INT(sp.body_line, 1);
	CHECK_INT(sp.unclosed, 0);
	t = "----\na: 1\n----\n";
	CHECK_INT(card_split_front_matter(t, strlen(t), &sp), 0);
	CHECK_INT(card_split_front_matter(NULL, 0, &sp), 0);
}

/* ---- the store ---- */

static int progress_calls;
static void count_progress(void *ctx, const char *what, int64_t done, int64_t total, int64_t records)
{
	(void)ctx;
	(void)records;
	CHECK_STR(what, "cards");
	CHECK(done <= total);
	progress_calls++;
}

static char *query_text(Store *st, const char *sql)
{
	check_now_views(st);
	sqlite3_stmt *stmt = store_prepare(st, sql, NULL);
	StrBuf sb = {0};
	if (!stmt)
		return xstrdup("(bad query)");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(stmt); c++) {
			const char *v = (const char *)sqlite3_column_text(stmt, c);
			sb_printf(&sb, "%s%s", c ? "|" : "", v ? v : "NULL");
		}
		sb_putc(&sb, '\n');
	}
	sqlite3_finalize(stmt);
	return sb.data ? sb_take(&sb) : xstrdup("");
}

static void test_store(void)
{
	Store *st = NULL;
	PeatErr err = {0};
	size_t full_len = 0, tmpl_len = 0;
	char path[1024];

	snprintf(path, sizeof path, "%s", check_fixture("cardsec", "full_card.md"));
	char *full = check_read_file(path, &full_len);
	snprintf(path, sizeof path, "%s", check_fixture("cardsec", "placeholders.md"));
	char *tmpl = check_read_file(path, &tmpl_len);
	CHECK(full && tmpl);
	if (!full || !tmpl)
		return;

	CHECK_INT(store_open(check_tmp("cards.db"), STORE_CREATE, &st, &err), 0);
	CHECK_INT(store_begin(st, &err), 0);
	int64_t hf = store_registry(st, "hf", &err);
	SnapshotSpec spec = {.registry = hf, .label = "s1", .date = "2024-01-01", .source = "test",
			     .measure = MEASURE_DOWNLOADS_30D};
	int64_t s1 = store_snapshot(st, &spec, &err);
	int64_t a = store_model(st, hf, "example/uil", &err);
	int64_t b = store_model(st, hf, "example/template", &err);
	int64_t c = store_model(st, hf, "example/no-card", &err);
	const char *tags[] = {"arxiv:2001.00001", "pytorch"};
	CHECK_INT(store_model_set_tags(st, b, tags, 2, &err), 0);
	CHECK_INT(store_model_set_meta(st, b, "hardware", "A100", &err), 0);
	CHECK_INT(store_model_set_meta(st, b, "input_format", "", &err), 0); /* empty: not present */
	ModelFields mf = {.pipeline_tag = "text-generation", .params = 7000000000LL};
	CHECK_INT(store_model_update(st, b, &mf, &err), 0);
	CardFields cf = {.body = full, .source = "uil/README.md"};
	CHECK_INT(store_card(st, a, &cf, &err), 0);
	cf.body = tmpl;
	cf.source = "template/README.md";
	CHECK_INT(store_card(st, b, &cf, &err), 0);
	CHECK_INT(store_stat(st, s1, a, 10, 1, STAT_NONE, &err), 0);
	CHECK_INT(store_stat(st, s1, c, 5, 0, STAT_NONE, &err), 0);
	CHECK_INT(store_commit(st, &err), 0);
	if (err.set)
		fprintf(stderr, "%s\n", err.msg);

	/* The commit scored the two cards it stored: what scoring every card
	 * again gives. */
	CHECK_INT(store_cards_scored(st), 2);
	char *at_commit = query_text(st, "SELECT model_id, sections, completeness, metadata, quality, scorer FROM score_now"
					 " ORDER BY model_id; SELECT * FROM card_section ORDER BY 1, 2");
	int64_t scored = -1;
	Progress prog = {.report = count_progress};
	CHECK_INT(cards_score_store(st, -1, &prog, &scored, &err), 0);
	if (err.set)
		fprintf(stderr, "%s\n", err.msg);
	CHECK_INT(scored, 2);
	CHECK_INT(progress_calls, 2);
	char *rescored = query_text(st, "SELECT model_id, sections, completeness, metadata, quality, scorer FROM score_now"
					" ORDER BY model_id; SELECT * FROM card_section ORDER BY 1, 2");
	CHECK_STR(rescored, at_commit);
	free(at_commit);
	free(rescored);
	char *scores = query_text(st, "SELECT model_id, sections, completeness, round(metadata, 6), round(quality, 6),"
				      " scorer, length(scored_at) FROM score_now ORDER BY model_id");
	StrBuf expect = {0};
	/* uil: 5/5, metadata 5/15. template: limitations only; metadata
	 * license (front matter) + paper (arxiv tag) + hardware (meta) + task
	 * and parameter count (record) = 5/15. */
	sb_printf(&expect, "%lld|31|5|0.333333|0.666667|%d|20\n", (long long)a, CARDSEC_SCORER_VERSION);
	sb_printf(&expect, "%lld|2|1|0.333333|0.266667|%d|20\n", (long long)b, CARDSEC_SCORER_VERSION);
	CHECK_STR(scores, expect.data);
	free(scores);
	sb_free(&expect);
	char *sections = query_text(st, "SELECT c.model_id, s.section, s.line, s.evidence FROM card_section s"
					" JOIN card c ON c.id = s.card_id ORDER BY c.model_id, s.line");
	sb_printf(&expect,
		  "%lld|description|13|1. Model Details & Summary\n"
		  "%lld|howto|23|2. How to use\n"
		  "%lld|training|32|3. Training\n"
		  "%lld|evaluation|43|4. Evaluation\n"
		  "%lld|limitations|47|5. Bias, Risks & Limitations\n"
		  "%lld|limitations|30|Bias, Risks, and Limitations\n",
		  (long long)a, (long long)a, (long long)a, (long long)a, (long long)a, (long long)b);
	CHECK_STR(sections, expect.data);
	free(sections);
	sb_free(&expect);

	/* card --sections, compare and the TUI analyse a stored card with
	 * card_analyze_model(): the stored verdict exactly, facts included
	 * (without template's tags, meta and record its metadata would be
	 * 1/15, not 5/15). */
	sqlite3_stmt *stored = store_prepare(st,
		"SELECT sections, completeness, metadata, quality FROM score_now WHERE model_id = ?1", &err);
	int64_t with_card[] = {a, b};
	for (size_t i = 0; stored && i < 2; i++) {
		CardAnalysis live;
		CHECK_INT(card_analyze_model(st, NULL, with_card[i], -1, &live, &err), 1);
		sqlite3_reset(stored);
		sqlite3_bind_int64(stored, 1, with_card[i]);
		CHECK_INT(sqlite3_step(stored), SQLITE_ROW);
		CHECK_INT(live.sections, (unsigned)sqlite3_column_int(stored, 0));
		CHECK_INT(live.completeness, sqlite3_column_int(stored, 1));
		CHECK(live.metadata == sqlite3_column_double(stored, 2));
		CHECK(live.quality == sqlite3_column_double(stored, 3));
		card_analysis_free(&live);
	}
	sqlite3_finalize(stored);
	CardAnalysis none;
	CHECK_INT(card_analyze_model(st, NULL, c, -1, &none, &err), 0);
	CHECK_INT(none.completeness, 0);
	CHECK(none.front_matter_json == NULL);

	/* Scoring again replaces, never duplicates. */
	char *before = query_text(st, "SELECT model_id, sections, metadata FROM score_now ORDER BY 1;"
				      "SELECT * FROM card_section ORDER BY 1, 2");
	CHECK_INT(cards_score_store(st, -1, NULL, &scored, &err), 0);
	char *after = query_text(st, "SELECT model_id, sections, metadata FROM score_now ORDER BY 1;"
				     "SELECT * FROM card_section ORDER BY 1, 2");
	CHECK_STR(after, before);
	free(before);
	free(after);
	char *n = query_text(st, "SELECT count(*) FROM card_section");
	CHECK_STR(n, "6\n");
	free(n);

	/* A snapshot limits scoring to its models with a card: only uil. */
	CHECK_INT(store_exec(st, "DELETE FROM card_score; DELETE FROM card_section", &err), 0);
	CHECK_INT(cards_score_store(st, s1, NULL, &scored, &err), 0);
	CHECK_INT(scored, 1);
	n = query_text(st, "SELECT group_concat(model_id) FROM score_now");
	StrBuf one = {0};
	sb_printf(&one, "%lld\n", (long long)a);
	CHECK_STR(n, one.data);
	sb_free(&one);
	free(n);

	/* An unknown snapshot is an error and writes nothing. */
	char *dump = store_dump(st);
	PeatErr err2 = {0};
	CHECK_INT(cards_score_store(st, 9999, NULL, &scored, &err2), -1);
	CHECK(strstr(err2.msg, "snapshot #9999") != NULL);
	CHECK_INT(scored, 0);
	char *dump2 = store_dump(st);
	CHECK_STR(dump2, dump);
	free(dump);
	free(dump2);

	/* Inside a transaction of the caller's it refuses (it needs its own). */
	CHECK_INT(store_begin(st, &err), 0);
	PeatErr err3 = {0};
	CHECK_INT(cards_score_store(st, -1, NULL, &scored, &err3), -1);
	CHECK(err3.set);
	store_rollback(st);

	/* A card carried into a state with a new record is scored beside it
	 * at commit (the metadata score reads the record). */
	int64_t before_commit = store_cards_scored(st);
	CHECK_INT(store_begin(st, &err), 0);
	SnapshotSpec spec2 = {.registry = hf, .label = "s2", .date = "2024-02-01", .source = "test",
			      .measure = MEASURE_DOWNLOADS_30D};
	int64_t s2 = store_snapshot(st, &spec2, &err);
	ModelFields licensed = {.license = "mit"};
	CHECK_INT(store_model_update(st, a, &licensed, &err), 0);
	CHECK_INT(store_stat(st, s2, a, 11, 1, STAT_NONE, &err), 0);
	CHECK_INT(store_commit(st, &err), 0);
	CHECK_INT(store_cards_scored(st) - before_commit, 1);
	char *unscored = query_text(st, "SELECT count(*), count(DISTINCT x.attr_id) FROM state x WHERE x.card_id IS NOT NULL"
					" AND x.model_id IN (SELECT id FROM model WHERE name = 'example/uil') AND NOT EXISTS"
					" (SELECT 1 FROM card_score k WHERE k.card_id = x.card_id AND k.attr_id = x.attr_id)");
	CHECK_STR(unscored, "0|0\n");
	free(unscored);

	store_close(st);
	free(full);
	free(tmpl);
}

/* ---- real data ---- */

static const char *shared_data(void)
{
	const char *d = getenv("SHARED_DATA");
	struct stat sb;
	if (!d || !*d || stat(d, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return NULL;
	return d;
}

/* The file's line `line` (1-based) into out. */
static void file_line(const char *text, int line, char *out, size_t outsz)
{
	const char *p = text;
	for (int i = 1; i < line && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	out[0] = '\0';
	if (!p)
		return;
	size_t n = strcspn(p, "\n");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static void test_real_cards(CardScorer *sc, const char *data)
{
	static const struct {
		const char *id;
		unsigned must; /* sections a reader sees in the card */
	} cards[] = {
		{"meta-llama/Llama-2-7b-chat-hf", DESC | LIMS | HOWTO | TRAIN | EVAL},
		{"meta-llama/Llama-2-7b", DESC | LIMS | TRAIN | EVAL},
		{"microsoft/phi-2", DESC | LIMS | HOWTO | TRAIN},
	};
	for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
		char path[1024], line[512];
		size_t len = 0;
		snprintf(path, sizeof path, "%s/hub-2025-04/cards/%s/README.md", data, cards[i].id);
		char *text = check_read_file(path, &len);
		if (!text) {
			printf("skipped: %s not in the shared data\n", cards[i].id);
			continue;
		}
		CardFacts facts = {cards[i].id, NULL, 0, NULL, 0};
		CardAnalysis a;
		CHECK_INT(card_scorer_analyze(sc, text, len, &facts, &a, NULL), 0);
		char gauge[GLYPHS_GAUGE_SIZE];
		printf("%-32s %s  metadata %.2f  quality %.2f  front matter %d lines\n", cards[i].id,
		       glyphs_gauge(&glyphs_unicode, a.completeness, gauge), a.metadata, a.quality, a.front_matter_line_count);
		CHECK_INT(a.sections & cards[i].must, cards[i].must);
		CHECK(a.front_matter_json != NULL);
		CHECK_STR(a.yaml_problem, "");
		CHECK(a.metadata > 0.0);
		for (int s = 0; s < SEC_COUNT; s++) {
			if (!(a.sections & (1u << s)))
				continue;
			file_line(text, a.line[s], line, sizeof line);
			printf("  %-11s line %4d  %s\n", card_section_name((CardSection)s), a.line[s], a.evidence[s]);
			/* Evidence lines count the front matter: a heading's
			 * line holds its text. */
			CHECK(a.line[s] > a.front_matter_line_count);
			if (strncmp(a.evidence[s], "code block", 10) != 0 && strcmp(a.evidence[s], "prose before the first heading") != 0)
				CHECK(strstr(line, a.evidence[s]) != NULL);
		}
		card_analysis_free(&a);
		free(text);
	}
}

/* Score every card of the Feb 2022 tarball straight from the archive. */
static void test_real_tarball(CardScorer *sc, const char *data)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/hub-2022-02/cards.tar.gz", data);
	struct archive *ar = archive_read_new();
	archive_read_support_filter_gzip(ar);
	archive_read_support_format_tar(ar);
	if (archive_read_open_filename(ar, path, 1 << 16) != ARCHIVE_OK) {
		printf("skipped: cannot open %s: %s\n", path, archive_error_string(ar));
		archive_read_free(ar);
		return;
	}
	struct archive_entry *e;
	StrBuf body = {0};
	long cards = 0, failures = 0, problems = 0, dist[SEC_COUNT + 1] = {0}, per_section[SEC_COUNT] = {0};
	double seconds = 0, quality = 0;
	while (archive_read_next_header(ar, &e) == ARCHIVE_OK) {
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		const char *name = archive_entry_pathname(e);
		char id[512];
		const char *slash = strchr(name, '/');
		snprintf(id, sizeof id, "%s", slash ? slash + 1 : name);
		char *readme = strstr(id, "/README.md");
		if (readme)
			*readme = '\0';
		sb_reset(&body);
		char buf[1 << 16];
		la_ssize_t r;
		while ((r = archive_read_data(ar, buf, sizeof buf)) > 0)
			sb_add(&body, buf, (size_t)r);
		CardFacts facts = {id, NULL, 0, NULL, 0};
		CardAnalysis a;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int rc = card_scorer_analyze(sc, sb_str(&body), body.len, &facts, &a, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		seconds += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		cards++;
		if (rc < 0) {
			failures++;
			continue;
		}
		dist[a.completeness]++;
		for (int s = 0; s < SEC_COUNT; s++)
			per_section[s] += (a.sections >> s) & 1;
		problems += a.yaml_problem[0] != '\0';
		quality += a.quality;
		card_analysis_free(&a);
	}
	archive_read_free(ar);
	sb_free(&body);

	printf("hub-2022-02: %ld cards analysed in %.2f s (target: under 5 s; measured, not asserted)\n", cards,
	       seconds);
	printf("completeness:");
	for (int i = 0; i <= SEC_COUNT; i++)
		printf("  %d/5: %ld", i, dist[i]);
	printf("\nsections:");
	for (int s = 0; s < SEC_COUNT; s++)
		printf("  %s %ld", card_section_name((CardSection)s), per_section[s]);
	printf("\nfront matter problems: %ld; mean quality %.3f\n", problems, cards ? quality / cards : 0.0);
	CHECK_INT(cards, 16241);
	CHECK_INT(failures, 0);
	/* The verdicts of scorer version 3, pinned: a rule change shows here
	 * and must be deliberate (bump CARDSEC_SCORER_VERSION). Version 1 gave
	 * 2036 3405 2920 3119 4018 743; version 2 stopped crediting both
	 * limitations and how to use from any content under "Intended uses &
	 * limitations" (-624 limitations), the huggingtweets "About" credits
	 * as the description (their description is now "How does it work?"),
	 * and made a lone "# Results"-like H1 its section: 2023 3419 3016 3149
	 * 4342 292, sections 12333 3397 7791 7966 6239. Version 3 reads
	 * content as well as headings (issue 15, tests/cardsec-devset): the
	 * Trainer's "fine-tuned version of X on Y" under a title no longer
	 * describes (-1440 descriptions), statements of training and results
	 * and paragraphs on limitations count under any heading (+3662
	 * training, +709 limitations), and a heading that only promises
	 * results is no evaluation. */
	static const long want_dist[SEC_COUNT + 1] = {2237, 1467, 3659, 3644, 4775, 459};
	static const long want_sections[SEC_COUNT] = {10893, 4106, 8106, 11628, 6379};
	for (int i = 0; i <= SEC_COUNT; i++)
		CHECK_INT(dist[i], want_dist[i]);
	for (int s = 0; s < SEC_COUNT; s++)
		CHECK_INT(per_section[s], want_sections[s]);
	/* Plausibility: every score occurs, and no section is found in all
	 * or no cards. */
	for (int i = 0; i <= SEC_COUNT; i++)
		CHECK(dist[i] > 0);
	for (int s = 0; s < SEC_COUNT; s++)
		CHECK(per_section[s] > 0 && per_section[s] < cards);
}

/* Crafted cards cost linear time: front matter 100,000 levels deep is
 * refused before libyaml loads it (17 s there before), and the card is
 * scored without it; 40,000 links and 10,000-cell table rows are scored
 * as any card. */
static void test_crafted(CardScorer *sc)
{
	StrBuf md = {0};
	sb_puts(&md, "---\nlicense: mit\na: ");
	for (int i = 0; i < 100000; i++)
		sb_putc(&md, '[');
	for (int i = 0; i < 100000; i++)
		sb_putc(&md, ']');
	sb_puts(&md, "\n---\n## Usage\n\nRun it with the pipeline.\n");
	double t0 = (double)clock() / CLOCKS_PER_SEC;
	CardAnalysis a = analyze_str(sc, md.data, NULL);
	double t = (double)clock() / CLOCKS_PER_SEC - t0;
	printf("front matter 100,000 levels deep scored in %.3f s CPU: %d: %s\n", t, a.yaml_problem_line,
	       a.yaml_problem);
	CHECK(t < 5.0);
	CHECK_STR(a.yaml_problem, "nests deeper than 64 levels; not read");
	CHECK_INT(a.yaml_problem_line, 3);
	CHECK(a.front_matter_json == NULL);
	CHECK_INT(a.front_matter_line_count, 4);
	CHECK_INT(a.sections, HOWTO);
	CHECK_INT(a.line[SEC_HOWTO], 5);
	card_analysis_free(&a);

	sb_reset(&md);
	sb_puts(&md, "## Usage\n\nRun it.\n\n|a|b|\n|-|-|\n");
	for (int r = 0; r < 22; r++) {
		for (int c = 0; c < 10000; c++)
			sb_puts(&md, "|x");
		sb_puts(&md, "|\n");
	}
	for (int i = 0; i < 40000; i++)
		sb_printf(&md, "[l%d](https://e.org/%d)\n", i, i);
	t0 = (double)clock() / CLOCKS_PER_SEC;
	a = analyze_str(sc, md.data, NULL);
	t = (double)clock() / CLOCKS_PER_SEC - t0;
	printf("22 rows of 10,000 cells and 40,000 links (%zu bytes) scored in %.3f s CPU\n", md.len, t);
	CHECK(t < 5.0); /* 9 s before the rows were bounded */
	CHECK_INT(a.sections, HOWTO);
	card_analysis_free(&a);

	/* Distinct links up to CARD_MAX_BYTES, the largest card peat takes. */
	sb_reset(&md);
	sb_puts(&md, "## Usage\n\nRun it.\n\n");
	for (int i = 0; md.len < CARD_MAX_BYTES - 64; i++)
		sb_printf(&md, "[l%d](https://e.org/%d)\n", i, i);
	t0 = (double)clock() / CLOCKS_PER_SEC;
	a = analyze_str(sc, md.data, NULL);
	t = (double)clock() / CLOCKS_PER_SEC - t0;
	printf("distinct links up to the cap (%zu bytes) scored in %.3f s CPU\n", md.len, t);
	CHECK(t < 5.0);
	CHECK_INT(a.sections, HOWTO);
	card_analysis_free(&a);

	/* A card past the cap (stored by an older peat) is read up to it, as
	 * it is rendered: a section after the cap is not seen. */
	static const char training[] = "\n## Training\n\nWe trained it for 3 epochs on 8 GPUs.\n";
	a = analyze_str(sc, training, NULL);
	CHECK_INT(a.sections, TRAIN);
	card_analysis_free(&a);
	while (md.len < CARD_MAX_BYTES)
		sb_puts(&md, "More.\n");
	sb_puts(&md, training);
	a = analyze_str(sc, md.data, NULL);
	CHECK_INT(a.sections, HOWTO);
	card_analysis_free(&a);
	sb_free(&md);
}

int main(void)
{
	CardScorer *sc = card_scorer_new();

	test_names_and_gauge();
	test_split();
	test_heading_synonyms(sc);
	test_placeholders(sc);
	test_html_comments(sc);
	test_model_index(sc);
	test_code_blocks(sc);
	test_prose_and_badges(sc);
	test_section_rules(sc);
	test_content_rules(sc);
	test_evidence_kinds(sc);
	test_front_matter(sc);
	test_json_types(sc);
	test_line_numbers(sc);
	test_metadata(sc);
	test_empty_and_full(sc);
	test_crafted(sc);
	test_store();

	const char *data = shared_data();
	if (data) {
		test_real_cards(sc, data);
		test_real_tarball(sc, data);
	} else
		printf("skipped: SHARED_DATA is not set or not a folder; real cards not checked\n");

	card_scorer_free(sc);
	check_cleanup();
	return check_done();
}
