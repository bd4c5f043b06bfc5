	/* Broken on purpose: the first sleeping receiver gets it, whatever type it asked for. */
	struct toy_msg_receiver *r, *tmp;

	lockdep_assert_held(&q->obj.lock);
	list_for_each_entry_safe(r, tmp, &q->receivers, list) {
		if (msg->size > r->maxsize) {
			hand_to_receiver(q, wb, r, ERR_PTR(-E2BIG));
			continue;
		}
		q->lrpid = r->pid;
		q->rtime = ktime_get_real_seconds();
		hand_to_receiver(q, wb, r, msg);
		return true;
	}
	return false;
