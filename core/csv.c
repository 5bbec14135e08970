/* PLACEHOLDER */ typedef int csv_placeholder;
