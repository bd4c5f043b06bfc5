	/* Broken on purpose: a negative msgtyp takes the first match, not the lowest type. */
	struct toy_msg *msg;

	list_for_each_entry(msg, messages, list) {
		if (testmsg(msg, msgtyp, mode))
			return msg;
	}
	return NULL;
