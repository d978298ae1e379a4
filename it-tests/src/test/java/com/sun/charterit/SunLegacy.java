package com.sun.charterit;

import dev.charter.it.failclosed.Shapes;

/** Library code in a com.sun package that the policy's actions target. */
public class SunLegacy {

    public String pay(String account) {
        Shapes.ran++;
        return account;
    }
}
