/* PLACEHOLDER */ typedef int stats_placeholder;
