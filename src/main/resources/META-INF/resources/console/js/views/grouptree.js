// The user-group tree (root "All"), lazily listed through /user-groups/{id}/children, with members on demand.
import { h, clear, field, announce, append } from '../dom.js';
import { get, post, ROOT_GROUP } from '../api.js';
import { Tree } from '../tree.js';
import { kindIcon, KIND_WORDS } from '../format.js';
import { problemNotice, show } from './common.js';
import { session } from '../session.js';

const PAGE = 100;

/** "All / Corp / Sales" for a group, walking up its parents. */
export async function groupPath(g) {
  const names = [g.name];
  let p = g.parentId;
  for (let i = 0; p && i < 20; i++) {
    const parent = await get(`/user-groups/${p}`);
    names.unshift(parent.name);
    p = parent.parentId;
  }
  return names.join(' / ');
}

/**
 * @param {object} o
 * @param {string} o.label
 * @param {() => string} o.selectedId
 * @param {(group) => void} o.onPick
 * @param {boolean} [o.allowCreate] offer "New group here" (admin)
 */
export function groupTree(o) {
  const status = h('div', { 'aria-live': 'polite' });
  const tree = new Tree({
    label: o.label, selectable: true,
    key: (g) => g.id,
    expandable: () => true,
    render: (g) => [kindIcon(g.kind), h('span', { class: 'name' }, g.name), h('span', { class: 'kind' }, KIND_WORDS[g.kind] || '')],
    decorate: (node) => node.li.setAttribute('aria-selected', String(node.key === o.selectedId())),
    load: async (node, cursor) => {
      if (!node) return { items: [await get(`/user-groups/${ROOT_GROUP}`)] };
      const page = Number(cursor || 0);
      const res = await get(`/user-groups/${node.key}/children`, { page, size: PAGE });
      if (!res.items.length && page === 0) node.li.removeAttribute('aria-expanded');
      return { items: res.items, nextCursor: (page + 1) * PAGE < res.total ? String(page + 1) : undefined };
    },
    onSelect: (node) => {
      o.onPick(node.item);
      for (const n of tree.nodes.values()) tree.refresh(n);
    },
  });
  const el = h('div', { class: 'group-tree' }, h('div', { class: 'tree-box' }, tree.el), status);
  if (o.allowCreate && session.can('admin')) {
    const name = h('input', { type: 'text', id: 'new-group-name', autocomplete: 'off' });
    const create = h('button', { type: 'button', id: 'create-group' }, 'Create group');
    create.addEventListener('click', async () => {
      const li = tree.el.querySelector('li[aria-selected="true"]') || tree.current();
      const parent = li && li.treeNode;
      if (!name.value.trim()) {
        show(status, h('p', { class: 'field-error' }, 'Type a name for the new group.'));
        name.focus();
        return;
      }
      try {
        const g = await post('/user-groups', { name: name.value.trim(), parentId: parent ? parent.key : ROOT_GROUP });
        name.value = '';
        clear(status);
        if (parent) {
          parent.li.setAttribute('aria-expanded', 'false');
          parent.expandable = true;
          await tree.reloadChildren(parent);
        }
        o.onPick(g);
        for (const n of tree.nodes.values()) tree.refresh(n);
        const made = tree.nodes.get(g.id);
        if (made) tree.focusNode(made);
        announce(`Group ${g.name} created and selected`);
      } catch (e) {
        show(status, problemNotice(e));
      }
    });
    append(el, h('div', { class: 'inline-fields' },
      field({ label: 'New group under the selected one', input: name }), h('div', { class: 'field' }, create)));
  }
  const ready = tree.loadRoots().then(async () => {
    const root = tree.nodes.get(ROOT_GROUP);
    if (root) await tree.expand(root);
  }).catch((e) => show(status, problemNotice(e)));
  return {
    el, tree, ready,
    focus: () => { const li = tree.current(); if (li) li.focus(); },
  };
}

