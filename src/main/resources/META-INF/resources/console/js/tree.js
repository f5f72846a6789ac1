// A lazily loaded tree following the WAI-ARIA tree pattern: one tab stop (roving tabindex), arrow keys
// to move, Right/Left to expand and collapse, Home/End, Enter or Space to select, type to jump.
import { h, clear, announce, append } from './dom.js';

export class Tree {
  /**
   * @param {object} o
   * @param {string} o.label accessible name of the tree
   * @param {(node|null, cursor, filter) => Promise<{items: object[], nextCursor?: string}>} o.load children of a node (null: roots)
   * @param {(item) => string} o.key identity of an item
   * @param {(item) => Node[]} o.render the row's content after the twisty
   * @param {(item) => boolean} o.expandable
   * @param {(node) => void} o.onSelect Enter, Space or click on a row
   * @param {boolean} [o.multiselectable]
   */
  constructor(o) {
    this.o = o;
    this.nodes = new Map();
    this.filter = '';
    this.el = h('ul', { role: 'tree', 'aria-label': o.label, 'aria-multiselectable': o.multiselectable ? 'true' : null, class: 'tree' });
    this.el.addEventListener('keydown', (e) => this.key(e));
    this.el.addEventListener('click', (e) => this.click(e));
    this.typed = '';
  }

  async loadRoots() {
    clear(this.el);
    this.nodes.clear();
    const page = await this.o.load(null, undefined, '');
    this.fill(this.el, null, page, 1);
    const first = this.visible()[0];
    if (first) this.focusLi(first, false);
  }

  fill(ul, parent, page, level) {
    for (const item of page.items) {
      const node = this.makeNode(item, parent, level);
      ul.append(node.li);
    }
    if (page.nextCursor) {
      const more = h('li', { role: 'treeitem', class: 'more', tabindex: '-1', 'aria-level': level, dataset: { more: '1' } },
        h('div', { class: 'node' }, h('span', { class: 'twisty' }), 'More…'));
      more.treeMore = { parent, cursor: page.nextCursor, ul, level };
      ul.append(more);
    }
  }

  makeNode(item, parent, level) {
    const key = this.o.key(item);
    const expandable = this.o.expandable(item);
    const li = h('li', {
      role: 'treeitem', tabindex: '-1', 'aria-level': level, 'aria-expanded': expandable ? 'false' : null,
      'aria-selected': this.o.multiselectable || this.o.selectable ? 'false' : null, dataset: { key },
    });
    const row = h('div', { class: 'node' }, h('span', { class: 'twisty', 'aria-hidden': 'true', dataset: { twisty: '1' } }), this.o.render(item));
    li.append(row);
    const node = { item, key, parent, level, li, row, group: null, loaded: false, expandable };
    li.treeNode = node;
    this.nodes.set(key, node);
    if (this.o.decorate) this.o.decorate(node);
    return node;
  }

  /** Renders a node's row again, e.g. after its selection state changed. */
  refresh(node) {
    const twisty = node.row.firstChild;
    append(clear(node.row), twisty, this.o.render(node.item));
    if (this.o.decorate) this.o.decorate(node);
  }

  async expand(node) {
    if (!node.expandable) return;
    if (!node.loaded) {
      node.li.setAttribute('aria-busy', 'true');
      try {
        const page = await this.o.load(node, undefined, this.filter);
        node.group = h('ul', { role: 'group' });
        this.fill(node.group, node, page, node.level + 1);
        node.li.append(node.group);
        node.loaded = true;
        if (!page.items.length) announce(`${this.o.label}: no entries below`);
      } finally {
        node.li.removeAttribute('aria-busy');
      }
    }
    node.group.hidden = false;
    node.li.setAttribute('aria-expanded', 'true');
  }

  collapse(node) {
    if (node.group) node.group.hidden = true;
    if (node.expandable) node.li.setAttribute('aria-expanded', 'false');
  }

  /** Lists the children of every expanded node again (after the name filter changed). */
  async reloadExpanded() {
    const open = [...this.nodes.values()].filter((n) => n.loaded && n.li.getAttribute('aria-expanded') === 'true' && n.li.isConnected);
    const tops = open.filter((n) => !open.some((o) => o !== n && o.li.contains(n.li)));
    for (const n of tops) {
      this.forgetBelow(n);
      await this.expand(n);
    }
  }

  async reloadChildren(node) {
    this.forgetBelow(node);
    await this.expand(node);
  }

  forgetBelow(n) {
    if (n.group) {
      for (const li of n.group.querySelectorAll('li[role=treeitem]')) if (li.treeNode) this.nodes.delete(li.treeNode.key);
      n.group.remove();
    }
    n.group = null;
    n.loaded = false;
  }

  async loadMore(li) {
    const { parent, cursor, ul, level } = li.treeMore;
    const page = await this.o.load(parent, cursor, parent ? this.filter : '');
    const before = li;
    const tmp = document.createDocumentFragment();
    const fake = { append: (x) => tmp.append(x) };
    this.fill(fake, parent, page, level);
    const firstNew = tmp.firstChild;
    ul.insertBefore(tmp, before);
    li.remove();
    if (firstNew) this.focusLi(firstNew);
  }

  visible() {
    return [...this.el.querySelectorAll('li[role=treeitem]')].filter((li) => !li.closest('ul[hidden]'));
  }

  focusNode(node, move = true) {
    this.focusLi(node.li, move);
  }

  focusLi(li, move = true) {
    for (const x of this.el.querySelectorAll('li[tabindex="0"]')) x.tabIndex = -1;
    li.tabIndex = 0;
    if (move) li.focus();
  }

  current() {
    return this.el.querySelector('li[tabindex="0"]');
  }

  async activate(li) {
    if (li.treeMore) {
      await this.loadMore(li);
      return;
    }
    if (this.o.onSelect) this.o.onSelect(li.treeNode);
  }

  async click(e) {
    const li = e.target.closest('li[role=treeitem]');
    if (!li || !this.el.contains(li)) return;
    this.focusLi(li);
    if (e.target.closest('[data-twisty]') && li.treeNode) {
      await this.toggle(li.treeNode);
      return;
    }
    if (e.target.closest('button, input, a')) return;
    await this.activate(li);
  }

  async toggle(node) {
    if (node.li.getAttribute('aria-expanded') === 'true') this.collapse(node); else await this.expand(node);
  }

  async key(e) {
    const li = e.target.closest('li[role=treeitem]');
    if (!li) return;
    const items = this.visible();
    const i = items.indexOf(li);
    const node = li.treeNode;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown': if (items[i + 1]) this.focusLi(items[i + 1]); break;
      case 'ArrowUp': if (items[i - 1]) this.focusLi(items[i - 1]); break;
      case 'Home': this.focusLi(items[0]); break;
      case 'End': this.focusLi(items[items.length - 1]); break;
      case 'ArrowRight':
        if (node && node.expandable) {
          if (li.getAttribute('aria-expanded') === 'true') {
            const child = node.group && node.group.querySelector('li[role=treeitem]');
            if (child) this.focusLi(child);
          } else {
            await this.expand(node);
          }
        }
        break;
      case 'ArrowLeft':
        if (node && li.getAttribute('aria-expanded') === 'true') this.collapse(node);
        else {
          const up = li.parentElement.closest('li[role=treeitem]');
          if (up) this.focusLi(up);
        }
        break;
      case 'Enter':
      case ' ':
        await this.activate(li);
        break;
      default:
        handled = false;
        if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
          this.typeAhead(e.key, items, i);
          handled = true;
        } else if (this.o.onKey) {
          handled = this.o.onKey(e, node) === true;
        }
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  typeAhead(ch, items, from) {
    if (this.o.onKey && this.o.onKey({ key: ch }, items[from] && items[from].treeNode) === true) return;
    clearTimeout(this.typedTimer);
    this.typed += ch.toLowerCase();
    this.typedTimer = setTimeout(() => { this.typed = ''; }, 700);
    const n = items.length;
    for (let k = 1; k <= n; k++) {
      const li = items[(from + k) % n];
      if (li.textContent.trim().toLowerCase().startsWith(this.typed)) {
        this.focusLi(li);
        return;
      }
    }
  }
}
