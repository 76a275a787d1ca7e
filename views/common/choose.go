package common

import "dpconsole/keymap"

// ChooseHint words the "an ID or a script?" question's keys as the key
// map binds them, e.g. "i an ID · c a script · esc cancel".
func ChooseHint(km keymap.KeyMap) string {
	return km.Choose.ID.Help().Key + " an ID · " + km.Choose.Script.Help().Key + " a script · " +
		km.Form.Cancel.Help().Key + " cancel"
}
