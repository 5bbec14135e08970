/* PLACEHOLDER */ typedef int cardsec_placeholder;
