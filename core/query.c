/* PLACEHOLDER: being written */ typedef int query_placeholder;
