	/* Broken on purpose: no SIGBUS past the segment's last page. */
	struct toy_shm *seg = vmf->vma->vm_file->private_data;
	struct page *page, *new;

	page = xa_load(&seg->pages, vmf->pgoff);
	if (!page) {
		new = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
		if (!new)
			return VM_FAULT_OOM;
		page = xa_cmpxchg(&seg->pages, vmf->pgoff, NULL, new, GFP_KERNEL);
		if (xa_is_err(page)) {
			__free_page(new);
			return VM_FAULT_OOM;
		}
		if (page) {
			__free_page(new);	/* another fault stored one first */
		} else {
			page = new;
			atomic_long_inc(&seg->nr_allocs);
		}
	}
	atomic_long_inc(&seg->nr_faults);

	/* The pte takes this reference; the segment keeps its own. */
	get_page(page);
	vmf->page = page;
	return 0;
